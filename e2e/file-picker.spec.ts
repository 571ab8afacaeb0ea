/**
 * Browse… instead of typing a path: in the browser host the firmware form's Browse… opens the host's own chooser,
 * which starts in the operator's home (and shows neither dotfiles nor anything outside it); the package chosen
 * there is uploaded to the demo appliance with a progress bar, and the panel says it arrived whole.
 */
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, firstLogin, openDemo, startWebHost, stopWebHost, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'
const SIZE = 64 * 1024 * 1024
const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })

test('firmware: Browse… picks the package on the host, and the upload shows its progress', async ({
  page,
}) => {
  test.setTimeout(180_000)
  // The operator's home, as the browser host sees it: a Downloads folder with the package, and a dotfile.
  const home = mkdtempSync(join(tmpdir(), 'rackside-home-'))
  mkdirSync(join(home, 'Downloads'))
  const fuf = join(home, 'Downloads', 'lunafw_7.8.4.fuf')
  writeFileSync(fuf, '')
  truncateSync(fuf, SIZE)
  writeFileSync(join(home, '.bash_history'), 'ssh admin@hsm\n')
  const host = await startWebHost([], { HOME: home })
  try {
    await openDemo(page, host.url)
    await firstLogin(page, ADMIN)
    const procedures = dock(page).getByRole('navigation', { name: 'Procedures' })

    await procedures.getByRole('button', { name: 'Firmware update', exact: true }).click()
    const upload = dock(page).getByRole('form', { name: 'Upload the package' })
    await upload.getByRole('button', { name: 'Browse…' }).click()

    const chooser = page.getByRole('dialog', { name: 'Choose the firmware or update package' })
    await expect(chooser).toBeVisible()
    await expect(chooser.getByLabel('Current folder')).toHaveText(home)
    const entries = chooser.getByRole('list', { name: 'Files and folders' })
    await expect(entries.getByRole('button')).toHaveText(['📁Downloads'])
    await entries.getByRole('button', { name: /Downloads/ }).click()
    await expect(chooser.getByLabel('Current folder')).toHaveText(join(home, 'Downloads'))
    await entries.getByRole('button', { name: /lunafw_7\.8\.4\.fuf/ }).click()
    await expect(entries.getByRole('button', { name: /lunafw_7\.8\.4\.fuf/ })).toContainText('64.0 MiB')
    await chooser.getByRole('button', { name: 'Choose', exact: true }).click()
    await expect(chooser).toBeHidden()
    await expect(upload.getByLabel('Firmware package on this computer')).toHaveValue(fuf)

    await upload.getByLabel('Admin password (for the upload)').fill(ADMIN)
    await upload.getByRole('button', { name: 'Upload the package', exact: true }).click()
    const bar = upload.getByRole('progressbar', { name: 'Transfer progress' })
    await expect(bar).toBeVisible({ timeout: 20_000 })
    await expect(upload.getByText(/\d+ of 64 MiB sent/)).toBeVisible()
    await expect(upload.getByText(`lunafw_7.8.4.fuf (${SIZE} bytes) uploaded`, { exact: false })).toBeVisible(
      {
        timeout: 120_000,
      },
    )
    await expect(bar).toBeHidden()
    await expect(upload.getByRole('region', { name: /^Result:/ }).getByLabel('Parsed facts')).toContainText(
      'lunafw_7.8.4.fuf',
      { timeout: 30_000 },
    )
  } finally {
    await stopWebHost(host)
  }
})

test('the host-side chooser refuses a folder outside the home typed into the field', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'rackside-home-'))
  const host = await startWebHost([], { HOME: home })
  try {
    await page.goto(host.url)
    await page.getByRole('button', { name: 'New SSH profile' }).click()
    await page.getByLabel('Login method').selectOption('publickey')
    await page.getByLabel('Key file').fill('/etc/ssh/ssh_host_ed25519_key')
    await page.getByRole('button', { name: 'Browse…' }).click()
    const chooser = page.getByRole('dialog', { name: 'Choose the SSH private key' })
    await expect(chooser.getByRole('alert')).toContainText('/etc/ssh is outside what Rackside shows')
    // It falls back to the home instead, and the key field keeps what was typed until something is chosen.
    await expect(chooser.getByLabel('Current folder')).toHaveText(home)
    await page.keyboard.press('Escape')
    await expect(chooser).toBeHidden()
    await expect(page.getByLabel('Key file')).toHaveValue('/etc/ssh/ssh_host_ed25519_key')
  } finally {
    await stopWebHost(host)
  }
})
