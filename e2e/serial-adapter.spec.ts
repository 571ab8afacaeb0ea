/**
 * The serial adapter as the operator meets it, a socat pty pair standing in for it (created and removed like a
 * hot-plugged device node; its far end is the appliance's side of the cable):
 * - on the Connections page a saved serial profile says whether its port is there, and changes as the adapter
 *   comes and goes, with no reload;
 * - connected, the console is a VT-100 to the appliance: asked who it is (Device Attributes, ESC [ c), it
 *   answers as a VT-100 with advanced video, over the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import { connect, expect, expectConsole, test } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-hotplug-'))
process.env.RACKSIDE_DATA_DIR = join(dir, 'data')
const port = join(dir, 'ttyRack7')
let adapter: ChildProcess | undefined

test.afterAll(() => {
  adapter?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

const plugIn = async (): Promise<ChildProcess> => {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${port}`, `pty,raw,echo=0,link=${port}-far`], {
    stdio: 'ignore',
  })
  await expect.poll(() => existsSync(port) && existsSync(`${port}-far`)).toBe(true)
  return socat
}

test.describe.configure({ mode: 'serial' })

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
  adapter = await plugIn()
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

test('the console answers a VT-100 identification request over the wire', async ({ page, webHost }) => {
  adapter = await plugIn()
  const far = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: `${port}-far`, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)))
  })
  let received = ''
  far.on('data', (d: Buffer) => (received += d.toString('latin1')))
  try {
    await page.goto(webHost.url)
    await connect(page, 'Rack 7 console')
    await expect(
      page.getByRole('status', { name: 'Connection status' }).filter({ hasText: /115200 8N1/ }),
    ).toBeVisible()
    far.write('Luna console ready\r\n\x1b[c')
    await expectConsole(page, 'Luna console ready')
    await expect.poll(() => received).toBe('\x1b[?1;2c')
  } finally {
    await new Promise<void>((r) => far.close(() => r()))
    adapter.kill('SIGTERM')
  }
})
