/**
 * A newcomer walks the HID procedure with the panels beside the console, against the built-in demo appliance:
 * first login → time zone → hostname → DNS → NTP → ping → licences → HSM initialise → policies → partition →
 * client. Each step: fill the form, read the exact command in the preview, Run, confirm when asked, and see the
 * evidence and the read-back.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, expectConsole, openDemo, openProcedure, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })

/** Runs one form and waits for its result; returns the result section. */
async function run(form: Locator, preview?: string | RegExp): Promise<Locator> {
  if (preview) await expect(form.getByRole('group', { name: /Command preview/ })).toContainText(preview)
  const name = (await form.getAttribute('aria-label')) ?? ''
  await form.getByRole('button', { name, exact: true }).click()
  const result = form.getByRole('region', { name: /^Result:/ })
  await expect(result).toBeVisible({ timeout: 30_000 })
  return result
}

async function confirmDestructive(page: Page, typed: string) {
  const dialog = dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })
  await expect(dialog).toBeVisible({ timeout: 15_000 })
  const go = dialog.getByRole('button', { name: 'Go ahead (proceed)' })
  await expect(go).toBeDisabled()
  await dialog.getByRole('textbox', { name: `Type ${typed} to go ahead` }).fill(typed)
  await go.click()
}

/** Some appliances ask before a command, some do not: confirm (typing what is asked) only if asked. */
async function confirmIfAsked(page: Page, form: Locator, typed = 'proceed') {
  const ask = dock(page).getByRole('alertdialog')
  await expect(ask.or(form.getByRole('region', { name: /^Result:/ }))).toBeVisible({ timeout: 15_000 })
  if (await ask.isVisible()) {
    if (await ask.getByRole('textbox').count()) await ask.getByRole('textbox').fill(typed)
    await ask.getByRole('button', { name: 'Go ahead (proceed)' }).click()
  }
}

async function firstLogin(page: Page) {
  const p = await openProcedure(page, 'First login')
  const form = p.getByRole('form', { name: 'Change the factory password' })
  await form.getByLabel('Current (factory) password').fill('PASSWORD')
  await form.getByLabel('New admin password', { exact: true }).fill(ADMIN)
  await form.getByLabel('New admin password again').fill(ADMIN)
  const result = await run(form, '(answers the prompts on screen)')
  await expect(result.getByRole('status')).toContainText('Done')
  await expectConsole(page, /\[local_host\] lunash:>\s*$/m)
}

test.describe('A newcomer brings up the demo appliance with the panels', () => {
  test('first login, time zone, hostname, DNS, NTP, ping and the overview', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(180_000)
    await openDemo(page, webHost.url)
    await firstLogin(page)

    // Time zone: the preview shows the exact line; the read-back proves it.
    let p = await openProcedure(page, 'Date, time and time zone')
    const zone = p.getByRole('form', { name: 'Set the time zone' })
    await zone.getByLabel('Time zone').selectOption('Europe/Berlin')
    let result = await run(zone, 'sysconf timezone set Europe/Berlin')
    await expect(result.getByRole('status')).toContainText('Done')
    await expect(result.getByLabel('Read-back evidence')).toContainText('status zone shows Europe/Berlin')
    await expectConsole(page, 'sysconf timezone set Europe/Berlin')
    // Date and time, as the wall clock in that zone reads now.
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date())
        .map((x) => [x.type, x.value]),
    )
    const clock = p.getByRole('form', { name: 'Set the date and time' })
    await clock.getByLabel('Time (HH:MM)').fill(`${parts.hour}:${parts.minute}`)
    await clock.getByLabel('Date (YYYYMMDD)').fill(`${parts.year}${parts.month}${parts.day}`)
    result = await run(
      clock,
      `sysconf time ${parts.hour}:${parts.minute} ${parts.year}${parts.month}${parts.day}`,
    )
    await expect(result.getByRole('status')).toContainText('Done')
    await expect(result.getByLabel('Read-back evidence')).toContainText('status date shows')

    // Hostname: a bad value is refused before anything is sent.
    p = await openProcedure(page, 'Hostname and domain')
    const host = p.getByRole('form', { name: 'Set the hostname' })
    await host.getByLabel('Hostname').fill('luna sa;hsm init')
    await expect(host.getByRole('list', { name: 'Field errors' })).toBeVisible()
    await expect(host.getByRole('button', { name: 'Set the hostname' })).toBeDisabled()
    await host.getByLabel('Hostname').fill('luna-sa-1')
    result = await run(host, 'network hostname luna-sa-1')
    await expect(result.getByLabel('Read-back evidence')).toContainText('luna-sa-1')
    await expectConsole(page, /\[luna-sa-1\] lunash:>\s*$/m)
    const domain = p.getByRole('form', { name: 'Set the domain' })
    await domain.getByLabel('Domain').fill('example.com')
    result = await run(domain, 'network domain example.com')
    await expect(result.getByLabel('Read-back evidence')).toContainText('Domain example.com')

    p = await openProcedure(page, 'DNS name server')
    const dns = p.getByRole('form', { name: 'Add the name server' })
    await dns.getByLabel('Name server address').fill('10.0.0.53')
    result = await run(dns, 'network dns add nameserver 10.0.0.53')
    await expect(result.getByLabel('Read-back evidence')).toContainText('10.0.0.53')

    p = await openProcedure(page, 'NTP servers')
    const ntp = p.getByRole('form', { name: 'Add the NTP server' })
    await ntp.getByLabel('NTP server').fill('10.0.0.123')
    result = await run(ntp, 'sysconf ntp addserver 10.0.0.123')
    await expect(result.getByLabel('Read-back evidence')).toContainText('10.0.0.123')

    p = await openProcedure(page, 'Ping')
    const ping = p.getByRole('form', { name: 'Ping' })
    await ping.getByLabel('Address or host to ping').fill('127.0.0.1')
    result = await run(ping, 'network ping 127.0.0.1')
    await expect(result.getByRole('status')).toContainText('Done')
    await expect(result.getByLabel('Parsed facts')).toContainText('received')

    // The overview reads everything back and marks what is done.
    await dock(page)
      .getByRole('navigation', { name: 'Procedures' })
      .getByRole('button', { name: 'Overview' })
      .click()
    const overview = dock(page).getByRole('region', { name: 'Appliance overview' })
    await overview.getByRole('button', { name: 'Read the appliance' }).click()
    const marks = overview.getByRole('table', { name: 'Procedures' })
    await expect(marks).toBeVisible({ timeout: 30_000 })
    await expect(marks.getByRole('row', { name: /Hostname and domain/ })).toContainText('Done')
    await expect(marks.getByRole('row', { name: /DNS name server/ })).toContainText('Done')
    await expect(marks.getByRole('row', { name: /Partitions created/ })).toContainText('Not done')
    await expect(overview.getByRole('table', { name: 'Network' })).toContainText('luna-sa-1')
    // Who the appliance says it is (its prompt), its policy table, and a reason wherever it cannot vouch.
    await expect(overview.getByLabel('Appliance')).toContainText('luna-sa-1 (from its prompt)')
    const policies = overview.getByRole('table', { name: 'HSM policies' })
    await expect(policies.getByRole('row', { name: /Allow network replication/ })).toContainText('No')
    const certificate = marks.getByRole('row', { name: /NTLS server certificate/ })
    await expect(certificate).toContainText('Unknown')
    await expect(certificate).toContainText('the appliance does not say when its certificate was made')
    await page.screenshot({ path: info.outputPath('overview.png') })
  })

  test('licences, HSM initialise (label typed twice), policy 16, partition, client', async ({
    page,
    webHost,
  }, info) => {
    test.setTimeout(180_000)
    await openDemo(page, webHost.url)
    await firstLogin(page)

    let p = await openProcedure(page, 'Licences')
    let result = await run(p.getByRole('form', { name: 'Show the licences' }), 'hsm displayLicenses')
    await expect(result.getByRole('status')).toContainText('Done')

    p = await openProcedure(page, 'HSM initialise')
    const init = p.getByRole('form', { name: 'Initialise the HSM' })
    await init.getByLabel('HSM label', { exact: true }).fill('luna-sa-1')
    await init.getByLabel('HSM label again').fill('luna-sa-2')
    await expect(init.getByRole('button', { name: 'Initialise the HSM' })).toBeDisabled()
    await init.getByLabel('HSM label again').fill('luna-sa-1')
    await init.getByLabel('HSM Administrator password (password HSM)', { exact: true }).fill('S0-Passw0rd!')
    await init.getByLabel('HSM Administrator password (password HSM) again').fill('S0-Passw0rd!')
    await init.getByLabel('Cloning domain (password HSM)', { exact: true }).fill('Dom-Passw0rd!')
    await init.getByLabel('Cloning domain (password HSM) again').fill('Dom-Passw0rd!')
    await expect(init.getByRole('group', { name: /Command preview/ })).toContainText(
      'hsm init -label luna-sa-1',
    )
    await init.getByRole('button', { name: 'Initialise the HSM' }).click()
    await confirmDestructive(page, 'luna-sa-1')
    result = init.getByRole('region', { name: /^Result:/ })
    await expect(result.getByRole('status')).toContainText('Done', { timeout: 30_000 })
    await expect(result.getByLabel('Read-back evidence')).toContainText('HSM Label luna-sa-1')
    await page.screenshot({ path: info.outputPath('hsm-init.png') })

    const login = p.getByRole('form', { name: 'Log in as HSM Administrator' })
    await login.getByLabel('HSM Administrator password').fill('S0-Passw0rd!')
    result = await run(login, 'hsm login')
    await expect(result.getByRole('status')).toContainText('Done')

    p = await openProcedure(page, 'HSM policies')
    result = await run(p.getByRole('form', { name: 'Show the policies' }), 'hsm showPolicies')
    await expect(result.getByLabel('Parsed facts')).toContainText('policies')
    const change = p.getByRole('form', { name: 'Change the policy' })
    await change.getByRole('button', { name: 'Policy 16 on (HA)' }).click()
    await expect(change.getByRole('group', { name: /Command preview/ })).toContainText(
      'hsm changePolicy -policy 16 -value 1',
    )
    await change.getByRole('button', { name: 'Change the policy' }).click()
    // Policy 16 is not destructive on this HSM: the appliance asks nothing; a destructive one would need 'proceed'.
    const ask = dock(page).getByRole('alertdialog')
    await expect(ask.or(change.getByRole('region', { name: /^Result:/ }))).toBeVisible({ timeout: 15_000 })
    if (await ask.isVisible()) {
      if (await ask.getByRole('textbox').count()) await ask.getByRole('textbox').fill('proceed')
      await ask.getByRole('button', { name: 'Go ahead (proceed)' }).click()
    }
    result = change.getByRole('region', { name: /^Result:/ })
    await expect(result.getByRole('status')).toContainText('Done', { timeout: 30_000 })

    p = await openProcedure(page, 'HSM status')
    result = await run(p.getByRole('form', { name: 'Show the HSM' }), 'hsm show')
    await expect(result.getByLabel('Parsed facts')).toContainText('luna-sa-1')

    p = await openProcedure(page, 'Partitions')
    const create = p.getByRole('form', { name: 'Create the partition' })
    await create.getByLabel('Partition name').fill('cms')
    await create.getByLabel('Partition password', { exact: true }).fill('Par-Passw0rd!')
    await create.getByLabel('Partition password again').fill('Par-Passw0rd!')
    await create.getByLabel('Partition cloning domain', { exact: true }).fill('PDom-Passw0rd!')
    await create.getByLabel('Partition cloning domain again').fill('PDom-Passw0rd!')
    await create.getByRole('button', { name: 'Create the partition' }).click()
    const maybe = dock(page).getByRole('alertdialog')
    await expect(maybe.or(create.getByRole('region', { name: /^Result:/ }))).toBeVisible({ timeout: 15_000 })
    if (await maybe.isVisible()) await maybe.getByRole('button', { name: 'Go ahead (proceed)' }).click()
    result = create.getByRole('region', { name: /^Result:/ })
    await expect(result.getByRole('status')).toContainText('Done', { timeout: 30_000 })
    await expect(result.getByLabel('Read-back evidence')).toContainText('partition list: cms')

    const policy = p.getByRole('form', { name: 'Set the partition policy' })
    await policy.getByLabel('Partition name').fill('cms')
    await policy.getByRole('button', { name: 'Set the partition policy' }).click()
    await confirmIfAsked(page, policy)
    await expect(policy.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('Done', {
      timeout: 30_000,
    })

    const activate = p.getByRole('form', { name: 'Activate the partition' })
    await activate.getByLabel('Partition name').fill('cms')
    await activate.getByLabel('Partition password').fill('Par-Passw0rd!')
    result = await run(activate, 'partition activate -partition cms')
    await expect(result.getByRole('status')).toContainText('Done')

    // Client: upload its certificate over SCP, register it by IP, assign the partition.
    const dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-'))
    const pem = join(dir, '10.0.0.21.pem')
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
        '/CN=10.0.0.21',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        pem,
      ],
      { stdio: 'ignore' },
    )
    writeFileSync(join(dir, 'note.txt'), 'e2e client certificate')
    p = await openProcedure(page, 'Clients')
    const upload = p.getByRole('form', { name: 'Upload the client certificate' })
    await upload.getByLabel(/Client certificate on this computer/).fill(pem)
    await upload.getByLabel('Admin password (for the upload)').fill(ADMIN)
    result = await run(upload)
    await expect(upload.getByText(/10\.0\.0\.21\.pem \(\d+ bytes\) uploaded/)).toBeVisible()
    const register = p.getByRole('form', { name: 'Register the client' })
    await register.getByLabel('Client name').fill('cms-server-1')
    await register.getByLabel('Client hostname or IP').fill('10.0.0.21')
    result = await run(register, 'client register -client cms-server-1 -ip 10.0.0.21')
    await expect(result.getByLabel('Read-back evidence')).toContainText('registered client cms-server-1')
    const assign = p.getByRole('form', { name: 'Assign the partition' })
    await assign.getByLabel('Client name').fill('cms-server-1')
    await assign.getByLabel('Partition name').fill('cms')
    result = await run(assign, 'client assignPartition -client cms-server-1 -partition cms')
    await expect(result.getByLabel('Read-back evidence')).toContainText('Partitions include "cms"')
    result = await run(p.getByRole('form', { name: 'List the clients' }), 'client list')
    await expect(result.getByLabel('Parsed facts')).toContainText('cms-server-1')
    result = await run(p.getByRole('form', { name: 'Show the client' }), 'client show -client cms-server-1')
    await expect(result.getByLabel('Parsed facts')).toContainText('10.0.0.21')
    const revoke = p.getByRole('form', { name: 'Revoke the partition' })
    result = await run(revoke, 'client revokePartition -client cms-server-1 -partition cms')
    await expect(result.getByLabel('Read-back evidence')).toContainText('no longer listed')
    const remove = p.getByRole('form', { name: 'Delete the client' })
    await remove.getByRole('button', { name: 'Delete the client' }).click()
    await confirmDestructive(page, 'cms-server-1')
    await expect(
      remove.getByRole('region', { name: /^Result:/ }).getByLabel('Read-back evidence'),
    ).toContainText('no longer contains cms-server-1', { timeout: 30_000 })
    await page.screenshot({ path: info.outputPath('client.png') })
  })
})
