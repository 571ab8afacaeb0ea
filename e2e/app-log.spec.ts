/**
 * The app log, as an administrator meets it: the Connections page names its folder, and after a first login
 * through the guided step the log holds the console's life (opened, logged out) but not the new password.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  connect,
  expect,
  expectConsole,
  firstLogin,
  startWebHost,
  stopWebHost,
  test,
  typeLine,
} from './fixtures'

const ADMIN = 'L0g-Never-Sees-This'

test('Open log folder names the log; the log records the console, never the password', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-log-'))
  const host = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
  try {
    await page.setViewportSize({ width: 1500, height: 950 })
    await page.goto(host.url)
    await connect(page, 'Demo appliance (built-in simulator)')
    await expectConsole(page, '(current) UNIX password:')
    await firstLogin(page, ADMIN)
    await expectConsole(page, /lunash:>\s*$/m)
    await typeLine(page, 'exit')
    await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible()

    await page.getByRole('tab', { name: 'Connections' }).click()
    const section = page.getByRole('region', { name: 'App log' })
    await section.getByRole('button', { name: 'Open log folder' }).click()
    const logDir = join(dataDir, 'logs')
    // The browser host cannot open a folder on the desktop: it names it.
    await expect(section.getByRole('status', { name: 'Log folder' })).toHaveText(`The log is in ${logDir}`)

    const read = () =>
      readdirSync(logDir)
        .map((f) => readFileSync(join(logDir, f), 'utf8'))
        .join('')
    const events = () =>
      read()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg: string; state?: string })
        .map((e) => (e.state ? `${e.msg} ${e.state}` : e.msg))
    await expect
      .poll(events)
      .toEqual(expect.arrayContaining(['web-host-started', 'console connected', 'console closed']))
    expect(read()).not.toContain(ADMIN)
  } finally {
    await stopWebHost(host)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
