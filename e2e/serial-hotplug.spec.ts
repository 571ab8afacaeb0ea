/**
 * At the rack the operator plugs the USB serial adapter in while looking at the Connections page: a saved
 * serial profile says whether its port is there, and changes as the adapter comes and goes, with no reload.
 * A socat pty pair stands in for the adapter (created and removed like a hot-plugged device node).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-hotplug-'))
process.env.RACKSIDE_DATA_DIR = join(dir, 'data')
const port = join(dir, 'ttyRack7')
let adapter: ChildProcess | undefined

test.afterAll(() => {
  adapter?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

test('a serial profile shows its adapter plugged in and unplugged, as it happens', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await page.getByRole('button', { name: 'New serial profile' }).click()
  const form = page.getByRole('form', { name: 'New serial profile' })
  await form.getByLabel('Name', { exact: true }).fill('Rack 7 console')
  await form.getByLabel('Serial port', { exact: true }).fill(port)
  await form.getByRole('button', { name: 'Save profile' }).click()
  const item = page.getByRole('listitem').filter({ hasText: 'Rack 7 console' })
  await expect(item).toContainText('Port not found: plug in the adapter')

  // Plugged in.
  adapter = spawn('socat', [`pty,raw,echo=0,link=${port}`, `pty,raw,echo=0,link=${port}-far`], {
    stdio: 'ignore',
  })
  await expect.poll(() => existsSync(port)).toBe(true)
  await expect(item).toContainText('Port ready', { timeout: 6_000 })
  await expect(item).not.toContainText('Port not found')

  // Unplugged again.
  adapter.kill('SIGTERM')
  await expect.poll(() => existsSync(port)).toBe(false)
  await expect(item).toContainText('Port not found: plug in the adapter', { timeout: 6_000 })

  // The built-in profiles and SSH ones say nothing of ports.
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Demo appliance (built-in simulator)' }),
  ).not.toContainText(/Port (ready|not found)/)
})
