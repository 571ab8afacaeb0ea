/**
 * The steps of the HID procedure that change the link or destroy something, walked with the panels against the
 * demo appliance: the NTLS certificate (new fingerprint) and binding, a network interface change (the console
 * drops, the panel reconnects it to the new address by itself, then the change is read back), deletes the operator refuses and
 * then confirms by typing the name, and a firmware update with the partition reactivation it requires.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, expectConsole, firstLogin, openDemo, openProcedure, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })

async function connectDemo(page: Page, url: string) {
  await openDemo(page, url)
  await firstLogin(page, ADMIN)
}

const result = (form: Locator) => form.getByRole('region', { name: /^Result:/ })

async function runForm(form: Locator): Promise<Locator> {
  const name = (await form.getAttribute('aria-label')) ?? ''
  await form.getByRole('button', { name, exact: true }).click()
  await expect(result(form)).toBeVisible({ timeout: 30_000 })
  return result(form)
}

/** Answers the confirmation if the appliance asks one (typing what it wants); returns whether it asked. */
async function confirmIfAsked(page: Page, form: Locator, typed = 'proceed'): Promise<boolean> {
  const ask = dock(page).getByRole('alertdialog')
  await expect(ask.or(result(form))).toBeVisible({ timeout: 20_000 })
  if (!(await ask.isVisible())) return false
  if (await ask.getByRole('textbox').count()) await ask.getByRole('textbox').fill(typed)
  await ask.getByRole('button', { name: 'Go ahead (proceed)' }).click()
  return true
}

async function initHsm(page: Page) {
  const p = await openProcedure(page, 'HSM initialise')
  const init = p.getByRole('form', { name: 'Initialise the HSM' })
  await init.getByLabel('HSM label', { exact: true }).fill('luna-sa-1')
  await init.getByLabel('HSM label again').fill('luna-sa-1')
  for (const [label, value] of [
    ['HSM Administrator password (password HSM)', 'S0-Passw0rd!'],
    ['Cloning domain (password HSM)', 'Dom-Passw0rd!'],
  ]) {
    await init.getByLabel(label!, { exact: true }).fill(value!)
    await init.getByLabel(`${label} again`).fill(value!)
  }
  await init.getByRole('button', { name: 'Initialise the HSM' }).click()
  await confirmIfAsked(page, init, 'luna-sa-1')
  await expect(result(init).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  const login = p.getByRole('form', { name: 'Log in as HSM Administrator' })
  await login.getByLabel('HSM Administrator password').fill('S0-Passw0rd!')
  await expect((await runForm(login)).getByRole('status')).toContainText('Done')
}

async function createPartition(page: Page, name: string) {
  const p = await openProcedure(page, 'Partitions')
  const create = p.getByRole('form', { name: 'Create the partition' })
  await create.getByLabel('Partition name').fill(name)
  for (const [label, value] of [
    ['Partition password', 'Par-Passw0rd!'],
    ['Partition cloning domain', 'PDom-Passw0rd!'],
  ]) {
    await create.getByLabel(label!, { exact: true }).fill(value!)
    await create.getByLabel(`${label} again`).fill(value!)
  }
  await create.getByRole('button', { name: 'Create the partition' }).click()
  await confirmIfAsked(page, create)
  await expect(result(create).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  return p
}

test.describe('Steps that restart the link or destroy something', () => {
  test('NTLS: regenerate the certificate (new fingerprint), bind to eth0, restart', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(120_000)
    await connectDemo(page, webHost.url)
    const p = await openProcedure(page, 'NTLS certificate and binding')
    const regen = p.getByRole('form', { name: 'Regenerate the certificate' })
    await regen.getByLabel('Admin password (to fetch server.pem)').fill(ADMIN)
    await regen.getByRole('button', { name: 'Regenerate the certificate' }).click()
    const dialog = dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })
    await expect(dialog).toBeVisible({ timeout: 15_000 })
    await expect(dialog.getByRole('button', { name: 'Go ahead (proceed)' })).toBeDisabled()
    await dialog.getByRole('textbox', { name: 'Type proceed to go ahead' }).fill('proceed')
    await page.screenshot({ path: info.outputPath('regencert-confirm.png') })
    await dialog.getByRole('button', { name: 'Go ahead (proceed)' }).click()
    await expect(result(regen).getByRole('status')).toContainText('Done', { timeout: 30_000 })
    await expect(result(regen).getByLabel('New certificate fingerprint')).toContainText(
      /SHA-256 ([0-9A-F]{2}:){31}/,
    )
    await expect(result(regen).getByLabel('Previous certificate fingerprint')).toContainText(
      /was ([0-9A-F]{2}:){31}/,
    )

    const bind = p.getByRole('form', { name: 'Bind NTLS' })
    await bind.getByRole('button', { name: 'Bind NTLS' }).click()
    await confirmIfAsked(page, bind)
    await expect(result(bind).getByLabel('Read-back evidence')).toContainText('bound to eth0', {
      timeout: 30_000,
    })

    const restart = p.getByRole('form', { name: 'Restart NTLS' })
    await restart.getByRole('button', { name: 'Restart NTLS' }).click()
    await confirmIfAsked(page, restart)
    await expect(result(restart).getByLabel('Read-back evidence')).toContainText('ntls is running', {
      timeout: 30_000,
    })
  })

  test('the interface change drops the console; the panel reconnects to the new address and reads the change back', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(120_000)
    await connectDemo(page, webHost.url)
    const p = await openProcedure(page, 'Network interface')
    await expect(p.getByRole('note')).toContainText('restarts networking')
    await expect(p.getByRole('note')).toContainText('reconnects it to the new address')
    const form = p.getByRole('form', { name: 'Set the interface address' })
    await form.getByLabel('IP address').fill('127.0.0.2')
    await expect(form.getByRole('group', { name: 'Command preview' })).toContainText(
      'network interface -device eth0 -ip 127.0.0.2 -netmask 255.0.0.0 -gateway 127.0.0.1',
    )
    await form.getByRole('button', { name: 'Set the interface address' }).click()
    await confirmIfAsked(page, form)

    // Nobody presses Reconnect: the same console follows the appliance to 127.0.0.2. Without a keychain the
    // password is asked in the console, as at any login.
    const status = page.getByRole('status', { name: 'Connection status' })
    await expectConsole(page, "admin@127.0.0.2's password:", 30_000)
    await expect(
      page.getByRole('toolbar', { name: 'Console tools' }).getByRole('button', { name: 'Reconnect' }),
    ).toHaveCount(0)
    await page
      .getByRole('region', { name: /console/i })
      .first()
      .click()
    await page.keyboard.type(ADMIN)
    await page.keyboard.press('Enter')
    await expect(status).not.toContainText(/closed|failed/i)

    // The read-back runs there by itself and proves the new address.
    await expect(result(form).getByRole('status')).toContainText('Done', { timeout: 30_000 })
    await expect(result(form)).toContainText('Reconnected to 127.0.0.2')
    await expect(result(form).getByLabel('Read-back evidence')).toContainText('eth0 127.0.0.2/255.0.0.0')
    await expect(result(form).getByRole('alert')).toHaveCount(0)
    await expectConsole(page, /lunash:>\s*network show/)
    await page.screenshot({ path: info.outputPath('interface-reconnected.png') })
  })

  test('deletes: refused with Stop (quit is sent, nothing changes), then confirmed by typing the name', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(150_000)
    await connectDemo(page, webHost.url)
    await initHsm(page)
    const p = await createPartition(page, 'cms')

    const changePw = p.getByRole('form', { name: 'Change the partition password' })
    await changePw.getByLabel('Current partition password').fill('Par-Passw0rd!')
    await changePw.getByLabel('New partition password', { exact: true }).fill('N3w-Par-Passw0rd!')
    await changePw.getByLabel('New partition password again').fill('N3w-Par-Passw0rd!')
    await expect((await runForm(changePw)).getByRole('status')).toContainText('Done')

    const show = p.getByRole('form', { name: 'Show the partition' })
    await expect((await runForm(show)).getByLabel('Parsed facts')).toContainText('cms')

    const del = p.getByRole('form', { name: 'Delete the partition' })
    await del.getByRole('button', { name: 'Delete the partition' }).click()
    const dialog = dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })
    await expect(dialog).toBeVisible({ timeout: 15_000 })
    await expect(dialog.getByRole('textbox', { name: 'Type cms to go ahead' })).toBeVisible()
    // While the runner waits, the console's keyboard is held and a notice above the console says so.
    const notice = page.getByRole('status', { name: 'Automation running' })
    await expect(notice).toContainText('partition delete -partition cms')
    await page.screenshot({ path: info.outputPath('delete-confirm.png') })
    // The question is modal: the console behind it cannot take the focus, and what is typed meanwhile stays out
    // of it (the keyboard is held in the host as well).
    await page.evaluate(() => document.querySelector<HTMLElement>('.xterm-helper-textarea')?.focus())
    await expect(dialog.locator(':focus')).toHaveCount(1)
    // (Letters only: a space or Enter would press the focused Stop button, as it should.)
    await page.keyboard.type('hsmshow')
    await dialog.getByRole('button', { name: 'Stop (quit)' }).click()
    await expect(result(del).getByRole('status')).toContainText('Failed', { timeout: 20_000 })
    await expect(result(del).getByRole('status')).toContainText('declined')
    await expectConsole(page, /\bquit\b/)
    await expect(notice).toBeHidden()
    // What was typed while the keyboard was held never reached the appliance.
    expect(
      await page
        .getByRole('region', { name: /console/i })
        .first()
        .locator('.xterm-rows')
        .innerText(),
    ).not.toMatch(/hsmshow/)
    const list = p.getByRole('form', { name: 'List the partitions' })
    await expect((await runForm(list)).getByLabel('Parsed facts')).toContainText('cms')

    await del.getByRole('button', { name: 'Delete the partition' }).click()
    await expect(dialog).toBeVisible({ timeout: 15_000 })
    await dialog.getByRole('textbox', { name: 'Type cms to go ahead' }).fill('cms')
    await dialog.getByRole('button', { name: 'Go ahead (proceed)' }).click()
    await expect(result(del).getByLabel('Read-back evidence')).toContainText('no longer contains cms', {
      timeout: 30_000,
    })
  })

  test('firmware: upload over SCP, SO login, update, then reactivate the partition', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(150_000)
    await connectDemo(page, webHost.url)
    await initHsm(page)
    const parts = await createPartition(page, 'cms')
    // Activation needs policy 22; an activated partition must be reactivated after the update.
    const policy = parts.getByRole('form', { name: 'Set the partition policy' })
    await policy.getByRole('button', { name: 'Set the partition policy' }).click()
    await confirmIfAsked(page, policy)
    await expect(result(policy).getByRole('status')).toContainText('Done', { timeout: 30_000 })
    const activate = parts.getByRole('form', { name: 'Activate the partition' })
    await activate.getByLabel('Partition password').fill('Par-Passw0rd!')
    await expect((await runForm(activate)).getByRole('status')).toContainText('Done')

    const dir = mkdtempSync(join(tmpdir(), 'rackside-fw-'))
    const fuf = join(dir, 'lunafw_6.11.0.fuf')
    writeFileSync(fuf, 'Luna firmware update 6.11.0\n')
    const p = await openProcedure(page, 'Firmware update')
    await expect(p.getByRole('note')).toContainText('cannot be reversed')
    const upload = p.getByRole('form', { name: 'Upload the package' })
    await upload.getByLabel('Firmware package on this computer').fill(fuf)
    await upload.getByLabel('Admin password (for the upload)').fill(ADMIN)
    const listed = await runForm(upload)
    await expect(upload.getByText(/lunafw_6\.11\.0\.fuf \(\d+ bytes\) uploaded/)).toBeVisible()
    await expect(listed.getByLabel('Parsed facts')).toContainText('lunafw_6.11.0.fuf')

    const login = p.getByRole('form', { name: 'Log in as HSM Administrator' })
    await login.getByLabel('HSM Administrator password').fill('S0-Passw0rd!')
    await expect((await runForm(login)).getByRole('status')).toContainText('Done')
    await expect(
      (await runForm(p.getByRole('form', { name: 'Show the updates' }))).getByRole('status'),
    ).toContainText('Done')

    const update = p.getByRole('form', { name: 'Update the firmware' })
    await update.getByLabel('Firmware version expected after the update').fill('6.11.0')
    await update.getByRole('button', { name: 'Update the firmware' }).click()
    await confirmIfAsked(page, update)
    await expect(result(update).getByLabel('Read-back evidence')).toContainText('Firmware 6.11.0', {
      timeout: 60_000,
    })

    const reactivate = p.getByRole('form', { name: 'Reactivate the partition' })
    await expect(reactivate.getByLabel('Partition name')).toHaveValue('cms')
    await reactivate.getByLabel('Partition password').fill('Par-Passw0rd!')
    await expect((await runForm(reactivate)).getByRole('status')).toContainText('Done')
    await page.screenshot({ path: info.outputPath('firmware.png') })
  })
})
