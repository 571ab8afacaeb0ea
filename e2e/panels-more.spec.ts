/**
 * The panel buttons the walkthroughs do not press, against the demo appliance: NTP list and status, `ntls show`,
 * `sysconf fingerprint ssh`, a destructive HSM policy (refused once, then confirmed by typing 'proceed'),
 * partition policy 23, and a client registered by hostname. Each asserts the evidence the panel shows.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, expectConsole, firstLogin, openDemo, openProcedure, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })
const result = (form: Locator) => form.getByRole('region', { name: /^Result:/ })

/** Runs one form (after checking its preview) and waits for its result. */
async function run(form: Locator, preview?: string): Promise<Locator> {
  if (preview) await expect(form.getByRole('group', { name: /Command preview/ })).toContainText(preview)
  const name = (await form.getAttribute('aria-label')) ?? ''
  await form.getByRole('button', { name, exact: true }).click()
  await expect(result(form)).toBeVisible({ timeout: 30_000 })
  return result(form)
}

async function confirmIfAsked(page: Page, form: Locator, typed = 'proceed') {
  const ask = dock(page).getByRole('alertdialog')
  await expect(ask.or(result(form))).toBeVisible({ timeout: 20_000 })
  if (!(await ask.isVisible())) return
  if (await ask.getByRole('textbox').count()) await ask.getByRole('textbox').fill(typed)
  await ask.getByRole('button', { name: 'Go ahead (proceed)' }).click()
}

test('NTP, NTLS show, SSH fingerprint, a destructive HSM policy, partition policy 23, a client by hostname', async ({
  page,
  webHost,
}, info) => {
  test.setTimeout(180_000)
  await openDemo(page, webHost.url)
  await firstLogin(page, ADMIN)

  // NTP: add one, then list and status show it.
  let p = await openProcedure(page, 'NTP servers')
  const ntp = p.getByRole('form', { name: 'Add the NTP server' })
  await ntp.getByLabel('NTP server').fill('10.0.0.123')
  await expect((await run(ntp)).getByLabel('Read-back evidence')).toContainText('10.0.0.123')
  let r = await run(p.getByRole('form', { name: 'List the NTP servers' }), 'sysconf ntp listservers')
  await expect(r.getByRole('status')).toContainText('Done')
  await expect(r.getByLabel('Parsed facts')).toContainText('10.0.0.123')
  r = await run(p.getByRole('form', { name: 'Show the NTP status' }), 'sysconf ntp status')
  await expect(r.getByRole('status')).toContainText('Done')
  await expect(r.getByLabel('Parsed facts')).toBeVisible()
  await expectConsole(page, 'sysconf ntp status')

  // NTLS binding and the SSH key's fingerprint.
  p = await openProcedure(page, 'NTLS certificate and binding')
  r = await run(p.getByRole('form', { name: 'Show the NTLS binding' }), 'ntls show')
  await expect(r.getByRole('status')).toContainText('Done')
  await expect(r.getByLabel('Parsed facts')).toContainText(/eth0|all|127\.0\.0\.1/)
  r = await run(p.getByRole('form', { name: "Show the SSH key's fingerprint" }), 'sysconf fingerprint ssh')
  await expect(r.getByRole('status')).toContainText('Done')
  await expect(r.getByLabel('Parsed facts')).toContainText('SHA256')
  await expectConsole(page, 'sysconf fingerprint ssh')

  // HSM initialised and logged in, for the policies.
  p = await openProcedure(page, 'HSM initialise')
  const init = p.getByRole('form', { name: 'Initialise the HSM' })
  await init.getByLabel('HSM label', { exact: true }).fill('luna-sa-1')
  await init.getByLabel('HSM label again').fill('luna-sa-1')
  for (const [label, value] of [
    ['HSM Administrator password (password HSM)', 'S0-Passw0rd!'],
    ['Cloning domain (password HSM)', 'Dom-Passw0rd!'],
  ] as const) {
    await init.getByLabel(label, { exact: true }).fill(value)
    await init.getByLabel(`${label} again`).fill(value)
  }
  await init.getByRole('button', { name: 'Initialise the HSM' }).click()
  await confirmIfAsked(page, init, 'luna-sa-1')
  await expect(result(init).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  const so = p.getByRole('form', { name: 'Log in as HSM Administrator' })
  await so.getByLabel('HSM Administrator password').fill('S0-Passw0rd!')
  await expect((await run(so)).getByRole('status')).toContainText('Done')

  // A destructive HSM policy (12, non-FIPS algorithms): refused once (quit is sent, nothing changes), then
  // confirmed by typing 'proceed'.
  p = await openProcedure(page, 'HSM policies')
  const change = p.getByRole('form', { name: 'Change the policy' })
  await change.getByLabel('Policy number').fill('12')
  await change.getByLabel('New value').fill('0')
  await expect(change.getByRole('group', { name: /Command preview/ })).toContainText(
    'hsm changePolicy -policy 12 -value 0',
  )
  await change.getByRole('button', { name: 'Change the policy' }).click()
  const dialog = dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })
  await expect(dialog).toBeVisible({ timeout: 15_000 })
  await expect(dialog).toContainText('zeroizes')
  const go = dialog.getByRole('button', { name: 'Go ahead (proceed)' })
  await expect(go).toBeDisabled()
  await dialog.getByRole('button', { name: 'Stop (quit)' }).click()
  await expect(result(change).getByRole('status')).toContainText('Failed', { timeout: 20_000 })
  await expect(result(change).getByRole('status')).toContainText('declined')
  await expectConsole(page, /\bquit\b/)
  r = await run(p.getByRole('form', { name: 'Show the policies' }), 'hsm showPolicies')
  await expect(r.getByLabel('Parsed facts')).toContainText('Allow non-FIPS algorithms')

  await change.getByRole('button', { name: 'Change the policy' }).click()
  await expect(dialog).toBeVisible({ timeout: 15_000 })
  await dialog.getByRole('textbox', { name: 'Type proceed to go ahead' }).fill('proceed')
  await go.click()
  await expect(result(change).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  await expect(result(change).getByLabel('Read-back evidence')).toContainText(
    'Allow non-FIPS algorithms = Off',
  )
  await page.screenshot({ path: info.outputPath('destructive-policy.png') })

  // A partition, and policy 23 (auto-activation).
  p = await openProcedure(page, 'Partitions')
  const create = p.getByRole('form', { name: 'Create the partition' })
  await create.getByLabel('Partition name').fill('cms')
  for (const [label, value] of [
    ['Partition password', 'Par-Passw0rd!'],
    ['Partition cloning domain', 'PDom-Passw0rd!'],
  ] as const) {
    await create.getByLabel(label, { exact: true }).fill(value)
    await create.getByLabel(`${label} again`).fill(value)
  }
  await create.getByRole('button', { name: 'Create the partition' }).click()
  await confirmIfAsked(page, create)
  await expect(result(create).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  const policy = p.getByRole('form', { name: 'Set the partition policy' })
  await policy.getByLabel('Partition name').fill('cms')
  await policy.getByLabel('Partition policy').selectOption('23')
  await policy.getByRole('button', { name: 'Set the partition policy' }).click()
  await confirmIfAsked(page, policy)
  await expect(result(policy).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  await expect(policy.getByRole('group', { name: /Command preview/ })).toContainText(
    'partition changePolicy -partition cms -policy 23 -value 1',
  )
  await expect(result(policy).getByLabel('Read-back evidence')).toContainText(/23|[Aa]uto/)

  // A client registered by hostname (its certificate uploaded first, named after the hostname).
  const dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-'))
  const pem = join(dir, 'cms-host.example.com.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=cms-host.example.com',
    ].concat(['-keyout', join(dir, 'key.pem'), '-out', pem]),
    { stdio: 'ignore' },
  )
  p = await openProcedure(page, 'Clients')
  const upload = p.getByRole('form', { name: 'Upload the client certificate' })
  await upload.getByLabel(/Client certificate on this computer/).fill(pem)
  await upload.getByLabel('Admin password (for the upload)').fill(ADMIN)
  await run(upload)
  await expect(upload.getByText(/cms-host\.example\.com\.pem \(\d+ bytes\) uploaded/)).toBeVisible()
  const register = p.getByRole('form', { name: 'Register the client' })
  await register.getByLabel('Client name').fill('cms-host')
  await register.getByLabel('Client hostname or IP').fill('cms-host.example.com')
  r = await run(register, 'client register -client cms-host -hostname cms-host.example.com')
  await expect(r.getByRole('status')).toContainText('Done')
  await expect(r.getByLabel('Read-back evidence')).toContainText('registered client cms-host')
  r = await run(p.getByRole('form', { name: 'Show the client' }), 'client show -client cms-host')
  await expect(r.getByLabel('Parsed facts')).toContainText('cms-host.example.com')
  await page.screenshot({ path: info.outputPath('client-by-hostname.png') })
})
