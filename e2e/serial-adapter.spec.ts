/**
 * The serial adapter as the operator meets it, a socat pty pair standing in for it (created and removed like a
 * hot-plugged device node; its far end is the appliance's side of the cable):
 * - on the Connections page a saved serial profile says whether its port is there, and changes as the adapter
 *   comes and goes, with no reload;
 * - connected, the console is a VT-100 to the appliance: asked who it is (Device Attributes, ESC [ c), it
 *   answers as a VT-100 with advanced video, over the wire.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ptyCable, type PtyCable } from '../tests/support/pty-cable'
import { connect, expect, expectConsole, newSerialProfile, test } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-hotplug-'))
process.env.RACKSIDE_DATA_DIR = join(dir, 'data')
const port = join(dir, 'ttyRack7')
let adapter: PtyCable | undefined

test.afterAll(async () => {
  await adapter?.close()
  rmSync(dir, { recursive: true, force: true })
})

const plugIn = () => ptyCable(dir, { near: 'ttyRack7', far: 'ttyRack7-far' })

test.describe.configure({ mode: 'serial' })

test('a serial profile shows its adapter plugged in and unplugged, as it happens', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await newSerialProfile(page, 'Rack 7 console', port)
  const item = page.getByRole('listitem').filter({ hasText: 'Rack 7 console' })
  await expect(item).toContainText('Port not found: plug in the adapter')

  // Plugged in.
  adapter = await plugIn()
  await expect(item).toContainText('Port ready', { timeout: 6_000 })
  await expect(item).not.toContainText('Port not found')

  // Unplugged again.
  await adapter.close()
  await expect.poll(() => existsSync(port)).toBe(false)
  await expect(item).toContainText('Port not found: plug in the adapter', { timeout: 6_000 })

  // The built-in profiles and SSH ones say nothing of ports.
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Demo appliance (built-in simulator)' }),
  ).not.toContainText(/Port (ready|not found)/)
})

test('the console answers a VT-100 identification request over the wire', async ({ page, webHost }) => {
  adapter = await plugIn()
  const far = await adapter.listen()
  try {
    await page.goto(webHost.url)
    await connect(page, 'Rack 7 console')
    await expect(
      page.getByRole('status', { name: 'Connection status' }).filter({ hasText: /115200 8N1/ }),
    ).toBeVisible()
    far.write('Luna console ready\r\n\x1b[c')
    await expectConsole(page, 'Luna console ready')
    await expect.poll(() => adapter!.received().toString('latin1')).toBe('\x1b[?1;2c')
  } finally {
    await adapter.close()
  }
})
