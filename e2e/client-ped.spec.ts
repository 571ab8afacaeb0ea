/**
 * The client side against the PED HSM demo (its own simulator, serial 157642…): after the PED bring-up, the wizard
 * uses that appliance's simulated Luna client, pulls its server.pem (the certificate its own NTLS port presents),
 * registers the client and assigns the PED partition without asking for a PED key, and the trust link and vtl
 * verify show that partition.
 */
import { expect, startWebHost, stopWebHost, test } from './fixtures'
import { startClientEnv } from './client-env'
import { bringUp, connectDemo, done, expectTools, firstLogin, step } from './client-steps'

const ADMIN = 'Ped-E2e-Admin!'

test('the client side against the PED HSM demo uses the PED appliance’s client, certificate and NTLS port', async ({
  page,
}, info) => {
  test.setTimeout(240_000)
  const env = await startClientEnv({ keychain: true })
  const web = await startWebHost([], env.env)
  try {
    await connectDemo(page, web.url, 'Demo appliance — PED HSM (built-in simulator)')
    await firstLogin(page, ADMIN)
    // PED HSM: no passwords; the PED answers after a moment for each key.
    expect(
      await bringUp(page, [
        { commandId: 'hsm.init', fields: { label: 'pedhsm' } },
        { commandId: 'hsm.login', fields: {} },
        { commandId: 'partition.create', fields: { partition: 'cmsped' } },
      ]),
    ).toEqual(['hsm.init: done', 'hsm.login: done', 'partition.create: done'])

    await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
    await expect(page.getByRole('combobox', { name: 'Appliance console' })).toContainText('(PED HSM)')

    let s = step(page, 1)
    await s.getByRole('button', { name: 'Use the demo appliance’s client' }).click()
    await expect(s.getByRole('definition').first()).toContainText('luna-client-')

    s = step(page, 2)
    await expect(s.getByLabel('Admin password', { exact: true })).toContainText('kept in the keychain')
    await s.getByRole('button', { name: 'Pull server.pem' }).click()
    const pem = s.getByLabel('server.pem', { exact: true })
    await expect(pem).toContainText('/appliances/demo-ped/server.pem', { timeout: 20_000 })
    // The PED appliance's own NTLS listener (a loopback port of its simulator), not 1792 and no mismatch.
    await expect(pem).toContainText(/The appliance presents this certificate on 127\.0\.0\.1:(?!1792\b)\d+\./)

    s = step(page, 3)
    await s.getByRole('button', { name: 'Run vtl addServer' }).click()
    await expect(done(s)).toContainText('Server 127.0.0.1 is in the client’s server list.', {
      timeout: 30_000,
    })
    // The command as typed in the tools console (which wraps long lines) names the PED appliance's server.pem.
    await expect(
      s.getByLabel(/^Result of vtl addServer -n 127\.0\.0\.1 -c \S+\/appliances\/demo-ped\/server\.pem$/),
    ).toBeVisible()
    await expectTools(page, 'New server 127.0.0.1 successfully added to server list.')
    await s.getByRole('button', { name: 'Run vtl createCert' }).click()
    await expect(s.getByText(/Certificate \S+127\.0\.0\.1\.pem; key /)).toBeVisible({ timeout: 30_000 })

    s = step(page, 4)
    await s.getByRole('button', { name: 'Push the client certificate' }).click()
    await expect(done(s)).toContainText('127.0.0.1.pem sent by SCP', { timeout: 20_000 })

    // Register and assign need no PED key: typed in the PED appliance's console and read back.
    s = step(page, 5)
    await s.getByRole('button', { name: 'Register the client' }).click()
    await expect(s.getByRole('status').first()).toContainText(
      'Done — client list: registered client cms-server-1',
      { timeout: 30_000 },
    )
    await s.getByLabel('Partition', { exact: true }).fill('cmsped')
    await s.getByRole('button', { name: 'Assign the partition' }).click()
    await expect(done(s)).toContainText('Partitions include "cmsped"', { timeout: 30_000 })

    s = step(page, 6)
    await s.getByRole('button', { name: 'Check the trust link' }).click()
    await expect(s.getByLabel('Trust link')).toContainText('The trust link is up', { timeout: 30_000 })
    await expect(s.getByLabel('Trust link')).toContainText(/Partitions: cmsped \(157642\d+\)/)

    s = step(page, 7)
    await s.getByRole('button', { name: 'Run vtl verify' }).click()
    const verified = s.getByRole('table', { name: 'Slots vtl verify found' })
    await expect(verified).toContainText('cmsped', { timeout: 30_000 })
    await expect(verified).toContainText(/157642\d+/)
    await page.screenshot({ path: info.outputPath('client-ped.png'), fullPage: true })
  } finally {
    await stopWebHost(web)
    env.stop()
  }
})
