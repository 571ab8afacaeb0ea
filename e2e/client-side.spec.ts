/**
 * The client side of the HID procedure, end to end in Chromium against the demo appliance and its vtl: a newcomer
 * opens "Client side (CMS)" after the appliance is up and follows the steps — locate the Luna client, pull
 * server.pem, vtl addServer / createCert in the Luna client tools console, push the certificate, see the trust
 * link refused with a named diagnosis, register and assign, see it up, vtl verify, pick the SoftHSM2 slot, apply
 * cmsslot.ini and pkcs11.cfg from a reviewed diff, keep the client password in the keychain. The web host runs
 * with a private unlocked gnome-keyring; afterwards no file Rackside wrote holds a password.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, startWebHost, stopWebHost, test } from './fixtures'
import { filesUnder, startClientEnv } from './client-env'
import { bringUp, connectDemo, done, expectTools, firstLogin, step } from './client-steps'

const ADMIN = 'Cl1ent-E2e-Admin!'
const SO = 'S0-E2e-Passw0rd!'
const DOMAIN = 'Dom-E2e-Passw0rd!'
const PARTITION_PW = 'Par-E2e-Passw0rd!'

/** The appliance side that the client side needs: the HSM initialised, a partition. */
const initialiseHsmWithPartition = async (page: Page) =>
  expect(
    await bringUp(page, [
      {
        commandId: 'hsm.init',
        fields: { label: 'cmshsm' },
        secrets: { 'hsm-so-password': SO, 'hsm-domain': DOMAIN },
      },
      { commandId: 'hsm.login', fields: {}, secrets: { 'hsm-so-password': SO } },
      {
        commandId: 'partition.create',
        fields: { partition: 'cms' },
        secrets: { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
      },
    ]),
  ).toEqual(['hsm.init: done', 'hsm.login: done', 'partition.create: done'])

test.describe('The client side of the HID procedure against the demo appliance', () => {
  test('a newcomer makes the CMS server a trusted client, step by step', async ({ page }, info) => {
    test.setTimeout(240_000)
    const env = await startClientEnv({ keychain: true })
    const web = await startWebHost([], env.env)
    try {
      await connectDemo(page, web.url)
      await firstLogin(page, ADMIN)
      await initialiseHsmWithPartition(page)

      await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
      await expect(page.getByRole('combobox', { name: 'Appliance console' })).toContainText('Demo appliance')

      // 1. Locate the Luna client: the demo appliance's simulated one.
      let s = step(page, 1)
      await s.getByRole('button', { name: 'Use the demo appliance’s client' }).click()
      const client = s.getByRole('definition').first()
      await expect(client).toContainText('luna-client-')
      const clientRoot = (await client.innerText()).trim()
      await expect(s.getByLabel('Luna client', { exact: true })).toContainText('no version banner')

      // 2. server.pem over SCP with the console's verified host key; the admin password came from first login.
      s = step(page, 2)
      await expect(s.getByLabel('Admin password', { exact: true })).toContainText('kept in the keychain')
      await s.getByRole('button', { name: 'Pull server.pem' }).click()
      const pem = s.getByLabel('server.pem', { exact: true })
      await expect(pem).toContainText('Copied bySCP', { timeout: 20_000 })
      await expect(pem).toContainText('The appliance presents this certificate on 127.0.0.1:')

      // 3. vtl in the tools console, visibly.
      s = step(page, 3)
      await s.getByRole('button', { name: 'Run vtl addServer' }).click()
      await expect(done(s)).toContainText('Server 127.0.0.1 is in the client’s server list.', {
        timeout: 30_000,
      })
      await expectTools(page, /\$ vtl addServer -n 127\.0\.0\.1 -c \/\S+\/appliances\/demo/)
      await expectTools(page, 'New server 127.0.0.1 successfully added to server list.')
      await s.getByRole('button', { name: 'Run vtl listServers' }).click()
      await expect(s.getByLabel('Result of vtl listServers')).toContainText('registered: 127.0.0.1', {
        timeout: 30_000,
      })
      await expect(s.getByLabel('This computer’s name or IP (client certificate)')).toHaveValue('127.0.0.1')
      await s.getByRole('button', { name: 'Run vtl createCert' }).click()
      await expect(s.getByText(/Certificate \S+127\.0\.0\.1\.pem; key \S+127\.0\.0\.1Key\.pem/)).toBeVisible({
        timeout: 30_000,
      })
      await expectTools(page, '$ vtl createCert -n 127.0.0.1')

      // 4. Push the certificate.
      s = step(page, 4)
      await s.getByRole('button', { name: 'Push the client certificate' }).click()
      await expect(done(s)).toContainText('127.0.0.1.pem sent by SCP', { timeout: 20_000 })

      // 6 (too early). The link check names the cause and says what to do.
      s = step(page, 6)
      await s.getByRole('button', { name: 'Check the trust link' }).click()
      await expect(s.getByLabel('Trust link')).toContainText('Diagnosis: client-not-registered', {
        timeout: 30_000,
      })
      await expect(s.getByLabel('Trust link')).toContainText('What to do:')
      await page.screenshot({ path: info.outputPath('client-diagnosis.png') })

      // 5. Register and assign through the runner, typed in the appliance console.
      s = step(page, 5)
      await expect(s.getByLabel('Client name on the appliance')).toHaveValue('cms-server-1')
      await s.getByRole('button', { name: 'Register the client' }).click()
      await expect(s.getByRole('status').first()).toContainText(
        'Done — client list: registered client cms-server-1',
        {
          timeout: 30_000,
        },
      )
      await s.getByLabel('Partition', { exact: true }).fill('cms')
      await s.getByRole('button', { name: 'Assign the partition' }).click()
      await expect(done(s)).toContainText('Partitions include "cms"', { timeout: 30_000 })

      // 6. The trust link is up and shows the partition.
      s = step(page, 6)
      await s.getByRole('button', { name: 'Check the trust link' }).click()
      await expect(s.getByLabel('Trust link')).toContainText('The trust link is up', { timeout: 30_000 })
      await expect(s.getByLabel('Trust link')).toContainText('Partitions: cms')

      // 7. vtl verify.
      s = step(page, 7)
      await s.getByRole('button', { name: 'Run vtl verify' }).click()
      const verified = s.getByRole('table', { name: 'Slots vtl verify found' })
      await expect(verified).toContainText('cms', { timeout: 30_000 })
      await expectTools(page, '$ vtl verify')

      // 8. The demo has no Luna cryptoki library: said so, SoftHSM2 instead.
      s = step(page, 8)
      await s.getByRole('button', { name: 'List the slots' }).click()
      await expect(s.getByRole('alert')).toContainText('No Luna cryptoki library was found')
      await expect(s.getByRole('note')).toContainText('The demo appliance has no Luna cryptoki library')
      await s.getByRole('button', { name: 'Use SoftHSM2' }).click()
      await s.getByRole('button', { name: 'List the slots' }).click()
      const slot = s.getByRole('radio', { name: /Use slot \d+ \(cms\)/ })
      await expect(slot).toBeVisible({ timeout: 30_000 })
      await slot.check()

      // 9. cmsslot.ini and pkcs11.cfg: review the diff, Apply.
      const ini = join(env.cmsDir, 'cmsslot.ini')
      const cfg = join(env.cmsDir, 'pkcs11.cfg')
      writeFileSync(ini, '; ActivID CMS slot\r\n[Slot]\r\nTokenName=\r\n')
      writeFileSync(cfg, '# HID ActivID CMS\nlibrary=cryptoki.dll\n')
      s = step(page, 9)
      await s.getByLabel('cmsslot.ini path').fill(ini)
      await s.getByRole('button', { name: 'Preview cmsslot.ini' }).click()
      await expect(s.getByLabel('Diff of cmsslot.ini')).toContainText('+TokenName=cms', { timeout: 20_000 })
      await s.getByRole('button', { name: 'Apply cmsslot.ini' }).click()
      await expect(s.getByText(/^Written to .*cmsslot\.ini; the previous file is kept as /)).toBeVisible({
        timeout: 30_000,
      })
      expect(readFileSync(ini, 'utf8')).toBe('; ActivID CMS slot\r\n[Slot]\r\nTokenName=cms\r\n')
      await s.getByLabel('pkcs11.cfg path').fill(cfg)
      await s.getByRole('button', { name: 'Preview pkcs11.cfg' }).click()
      await expect(s.getByLabel('Diff of pkcs11.cfg')).toContainText(/\+slot=\d+/, { timeout: 20_000 })
      await s.getByRole('button', { name: 'Apply pkcs11.cfg' }).click()
      await expect(s.getByText(/^Written to .*pkcs11\.cfg/)).toBeVisible({ timeout: 30_000 })
      expect(readFileSync(cfg, 'utf8')).toMatch(/^# HID ActivID CMS\nlibrary=cryptoki.dll\nslot=\d+\n$/)

      // 10. The client password in the keychain.
      s = step(page, 10)
      await s.getByLabel('Partition (client) password').fill(PARTITION_PW)
      await s.getByRole('button', { name: 'Save in the keychain' }).click()
      await expect(done(s)).toContainText('Kept in the OS keychain for partition cms')
      await expect(page.getByRole('list', { name: 'Steps' }).getByText('(done)')).toHaveCount(10)

      // 11. High Availability: a second partition with the same password, assigned to this client; one group.
      expect(
        await bringUp(page, [
          {
            commandId: 'partition.create',
            fields: { partition: 'cms2' },
            secrets: { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
          },
          { commandId: 'client.assignPartition', fields: { client: 'cms-server-1', partition: 'cms2' } },
        ]),
      ).toEqual(['partition.create: done', 'client.assignPartition: done'])
      await step(page, 7).getByRole('button', { name: 'Run vtl verify' }).click()
      s = step(page, 11)
      const reaches = s.getByRole('note').filter({ hasText: 'Partitions this client reaches' })
      await expect(reaches).toContainText(/cms2 \(\d+\)/, { timeout: 30_000 })
      const serial = async (label: string) =>
        new RegExp(`\\b${label} \\((\\d+)\\)`).exec(await reaches.innerText())![1]!
      const [first, second] = [await serial('cms'), await serial('cms2')]
      await s.getByRole('button', { name: 'Show the HA configuration' }).click()
      await expect(done(s)).toContainText('No HA group is configured', { timeout: 30_000 })
      await s.getByLabel('HA group label', { exact: true }).fill('cmsha')
      await s.getByLabel('First member (partition serial)').fill(first)
      await s.getByRole('button', { name: 'Create the HA group' }).click()
      await expect(done(s)).toContainText(`vtl haAdmin newGroup -serialNum ${first} -label cmsha — done`, {
        timeout: 30_000,
      })
      await s.getByLabel('Member (partition serial)', { exact: true }).fill(second)
      await s.getByRole('button', { name: 'Add the member' }).click()
      const group = s.getByRole('table', { name: 'HA group cmsha' }).last()
      await expect(group).toContainText(`${second}cms2`, { timeout: 30_000 })
      await expect(group.getByText('alive')).toHaveCount(2)
      await expect(page.getByRole('list', { name: 'Steps' }).getByText('(done)')).toHaveCount(11)
      await page.screenshot({ path: info.outputPath('client-side.png'), fullPage: true })
      await page.getByRole('list', { name: 'Steps' }).scrollIntoViewIfNeeded()
      await page.screenshot({ path: info.outputPath('client-steps.png') })

      // No file Rackside wrote holds a password: data dir (server.pem, transcripts), client folder, CMS files.
      const files = filesUnder(env.dataDir, clientRoot, env.cmsDir)
      expect(files.length).toBeGreaterThan(5)
      for (const path of files) {
        const text = readFileSync(path).toString('latin1')
        for (const secret of [ADMIN, SO, DOMAIN, PARTITION_PW])
          expect(text.includes(secret), `${path} holds a password`).toBe(false)
      }
    } finally {
      await stopWebHost(web)
      env.stop()
    }
  })

  test('without a keychain, saving a password is refused with a clear error and nothing is written', async ({
    page,
  }) => {
    test.setTimeout(90_000)
    const env = await startClientEnv({ keychain: false })
    const web = await startWebHost([], env.env)
    try {
      await connectDemo(page, web.url)
      await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
      await expect(page.getByRole('combobox', { name: 'Appliance console' })).toContainText('Demo appliance')
      await expect(step(page, 2).getByLabel('Admin password', { exact: true })).toContainText(
        'No OS keychain is available',
      )
      await step(page, 5).getByLabel('Partition', { exact: true }).fill('cms')
      const s = step(page, 10)
      await s.getByLabel('Partition (client) password').fill(PARTITION_PW)
      await s.getByRole('button', { name: 'Save in the keychain' }).click()
      await expect(s.getByRole('alert')).toContainText('No OS keychain is available')
      await expect(s.getByRole('alert')).toContainText('never stores passwords in files')
      for (const path of filesUnder(env.dataDir))
        expect(readFileSync(path).toString('latin1').includes(PARTITION_PW), path).toBe(false)
    } finally {
      await stopWebHost(web)
      env.stop()
    }
  })
})
