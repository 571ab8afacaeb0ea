/**
 * The administrator's remembered SSH host keys, as a person meets them: the first connection to an appliance
 * asks about its key; "Accept and remember" puts it in the Connections page's list (address, fingerprint, how
 * it was learned); forgetting it there asks for a confirmation, and afterwards the next connection is a first
 * contact again. Also: a scrollback change in the console settings reaches a console that is already open.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  expect,
  expectConsole,
  startSshSimulator,
  stopSshSimulator,
  test,
  type SshSimulator,
} from './fixtures'

// Profiles and known hosts of this run go to a throwaway data folder (the web host inherits it).
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-known-hosts-'))
process.env.RACKSIDE_DATA_DIR = dataDir

let ssh: SshSimulator

/** The simulated appliance as its own program (`npm run simulator`), on a random loopback port. */
test.beforeAll(async () => {
  ssh = await startSshSimulator()
})

test.afterAll(async () => {
  await stopSshSimulator(ssh)
  rmSync(dataDir, { recursive: true, force: true })
})

const hostKeyDialog = (page: Page) => page.getByRole('dialog', { name: 'Unknown host key' })

async function connect(page: Page, name: string) {
  await page.getByRole('tab', { name: 'Connections' }).click()
  await page.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: 'Connect' }).click()
}

test('an administrator sees a remembered host key, forgets it after confirming, and is asked again', async ({
  page,
  webHost,
}) => {
  await page.goto(`${webHost.url}&e2e`)
  const where = `127.0.0.1:${ssh.port}`

  // A saved SSH profile for the appliance.
  await page.getByRole('button', { name: 'New SSH profile' }).click()
  await page.getByRole('textbox', { name: 'Name' }).fill('Rack 7 HSM')
  await page.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1')
  await page.getByRole('spinbutton', { name: 'Port' }).fill(String(ssh.port))
  await page.getByRole('button', { name: 'Save profile' }).click()
  const keys = page.getByRole('region', { name: 'Known SSH host keys' })
  await expect(keys).toContainText('Rackside remembers no host keys yet.')

  // First contact: the key is shown and accepted with "remember".
  await connect(page, 'Rack 7 HSM')
  await expect(hostKeyDialog(page).getByLabel('Host key fingerprint')).toHaveText(ssh.fingerprint)
  await hostKeyDialog(page).getByRole('button', { name: 'Accept and remember' }).click()
  await expectConsole(page, /admin@127\.0\.0\.1's password:/)

  // The Connections page lists it: where, which key, how it was learned.
  await page.getByRole('tab', { name: 'Connections' }).click()
  const row = keys.getByRole('row', { name: where })
  await expect(row).toContainText(ssh.fingerprint)
  await expect(row).toContainText('Accepted in Rackside')
  await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/)

  // Forgetting asks first; "Keep it" keeps it.
  await row.getByRole('button', { name: `Forget ${where}` }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Forget host key' })
  await expect(confirm).toContainText(ssh.fingerprint)
  await confirm.getByRole('button', { name: 'Keep it' }).click()
  await expect(confirm).toBeHidden()
  await expect(row).toBeVisible()

  await row.getByRole('button', { name: `Forget ${where}` }).click()
  await confirm.getByRole('button', { name: 'Forget key' }).click()
  await expect(keys.getByRole('status', { name: 'Known hosts' })).toContainText(`Forgot the key of ${where}`)
  await expect(row).toBeHidden()
  await expect(keys).toContainText('Rackside remembers no host keys yet.')

  // The next connection is a first contact again.
  await connect(page, 'Rack 7 HSM')
  await expect(hostKeyDialog(page)).toBeVisible()
  await expect(hostKeyDialog(page).getByLabel('Host key fingerprint')).toHaveText(ssh.fingerprint)
  await hostKeyDialog(page).getByRole('button', { name: 'Cancel' }).click()
  await expect(
    page.locator('.console-pane:not([hidden])').getByRole('status', { name: 'Connection status' }),
  ).toContainText('was not accepted')
})

test('a scrollback change in the console settings applies to a console that is already open', async ({
  page,
  webHost,
}) => {
  await page.goto(`${webHost.url}&e2e`)
  await connect(page, 'Local terminal')
  const terminal = page.locator('.console-pane:not([hidden])').getByRole('region', { name: 'Console' })
  await expect(page.getByLabel('Connection state')).toHaveText('Connected · Local terminal')
  await terminal.click()
  // Fill the console with 300 lines.
  await page.keyboard.type('seq 1 300')
  await page.keyboard.press('Enter')
  await expectConsole(page, /^300$/m)
  const lines = () => page.evaluate(() => window.__racksideTerm?.buffer.active.length ?? 0)
  const rows = await page.evaluate(() => window.__racksideTerm?.rows ?? 0)
  await expect.poll(lines).toBeGreaterThan(rows + 250)

  await page.getByRole('tab', { name: 'Connections' }).click()
  const field = page.getByRole('spinbutton', { name: 'Scrollback lines' })
  await expect(field).toHaveValue('10000')
  await field.fill('100')
  await field.press('Enter')
  await expect(page.getByRole('status', { name: 'Console settings saved' })).toContainText('100 lines')

  // Back in the open console: only 100 lines are kept above the screen now.
  await page.getByRole('tab', { name: 'Local terminal' }).click()
  await expect.poll(lines).toBeLessThanOrEqual(rows + 100)
  expect(await page.evaluate(() => window.__racksideTerm?.options.scrollback)).toBe(100)
})
