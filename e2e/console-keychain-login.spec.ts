/**
 * A saved SSH profile logs in with the appliance admin password the OS keychain keeps for it, end to end in
 * Chromium: the operator connects once and types the password in the console (nothing is kept yet), keeps it in
 * the keychain from the client-side wizard, and from then on the console reaches lunash:> with no password
 * prompt. A kept password the appliance refuses is not a dead end: the console asks, as with nothing kept.
 * The appliance is the simulator (its first login already done); the keychain is a real gnome-keyring on a
 * private D-Bus bus. No file Rackside wrote, transcripts included, holds either password.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { startSimulator, type Simulator } from '../simulator/index'
import { changeFactoryPassword } from '../tests/support/first-login'
import { filesUnder, startClientEnv, type ClientEnv } from './client-env'
import {
  connect,
  expect,
  expectOnScreen,
  startWebHost,
  stopWebHost,
  test,
  typeLine,
  type WebHost,
} from './fixtures'

const ADMIN = 'Kept-Adm1n-E2e-Rack7'
const STALE = 'Stale-Passw0rd-E2e-9'

/** The console pane on screen. */
const pane = (page: Page): Locator => page.locator('.console-pane:not([hidden])')

/** Disconnect, then Reconnect: a fresh console and SSH session for the same profile. */
async function reconnect(page: Page) {
  await pane(page).getByRole('button', { name: 'Disconnect' }).click()
  await expect(page.getByLabel('Connection state')).toHaveText(/^Disconnected/)
  await pane(page).getByRole('button', { name: 'Reconnect' }).click()
}

let sim: Simulator | undefined
let env: ClientEnv | undefined
let web: WebHost | undefined

test.afterEach(async () => {
  if (web) await stopWebHost(web)
  env?.stop()
  await sim?.stop()
  web = env = sim = undefined
})

test('a saved SSH profile logs in with the admin password kept in the OS keychain, and asks when it is refused', async ({
  page,
}) => {
  test.setTimeout(180_000)
  // The appliance, its first login done (factory PASSWORD changed to ADMIN), on a random loopback port.
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const { ssh } = sim.appliances[0]!
  await changeFactoryPassword(ssh, ADMIN)
  // The web host with a private, unlocked gnome-keyring as its OS keychain, and a data folder of its own.
  env = await startClientEnv({ keychain: true })
  web = await startWebHost([], env.env)
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto(web.url)

  // The operator's SSH profile: user admin, password login.
  await page.getByRole('button', { name: 'New SSH profile' }).click()
  await page.getByRole('textbox', { name: 'Name' }).fill('Rack 7 HSM')
  await page.getByRole('textbox', { name: 'Host' }).fill(ssh.host)
  await page.getByRole('spinbutton', { name: 'Port' }).fill(String(ssh.port))
  await expect(page.getByRole('textbox', { name: 'User' })).toHaveValue('admin')
  await expect(page.getByRole('combobox', { name: 'Login method' })).toHaveValue('password')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: 'Rack 7 HSM' })).toBeVisible()

  // First contact: the host key is accepted. Nothing is kept yet, so the console asks for the password.
  await connect(page, 'Rack 7 HSM')
  const dialog = page.getByRole('dialog', { name: 'Unknown host key' })
  await expect(dialog.getByLabel('Host key fingerprint')).toHaveText(ssh.hostKeyFingerprint)
  await dialog.getByRole('button', { name: 'Accept and remember' }).click()
  await expectOnScreen(page, /admin@127\.0\.0\.1's password:/)
  await typeLine(page, ADMIN)
  await expectOnScreen(page, /lunash:>\s*$/m)
  const consoleTab = page.getByRole('tablist', { name: 'Open consoles' }).getByRole('tab').last()

  // The operator keeps the admin password in the keychain, where the wizard offers it for this appliance.
  await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
  await expect(page.getByRole('combobox', { name: 'Appliance console' })).toContainText('Rack 7 HSM')
  const step2 = page.getByRole('region', { name: /^Step 2: / })
  const kept = step2.getByLabel('Admin password', { exact: true })
  await expect(kept).toHaveText('The appliance admin password is not in the keychain yet: enter it once.')
  await step2.getByLabel('Appliance admin password').fill(ADMIN)
  await step2.getByRole('button', { name: 'Keep the admin password in the keychain' }).click()
  await expect(step2.getByRole('status')).toHaveText('Kept in the OS keychain.')
  await expect(kept).toHaveText('The appliance admin password is kept in the keychain.')

  // Connect again: the key is known, and the kept password logs in. The console never asks.
  await consoleTab.click()
  await reconnect(page)
  await expect(page.getByLabel('Connection state')).toHaveText(/^Connected/, { timeout: 20_000 })
  const loggedIn = await expectOnScreen(page, /lunash:>\s*$/m)
  expect(loggedIn).not.toMatch(/password:/i)
  expect(loggedIn).not.toMatch(/Permission denied/)
  await expect(dialog).toBeHidden()

  // The appliance's password changes elsewhere; the operator replaces the kept one, mistyping it.
  await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
  await step2.getByRole('button', { name: 'Replace the kept password' }).click()
  await step2.getByLabel('Appliance admin password').fill(STALE)
  await step2.getByRole('button', { name: 'Keep the admin password in the keychain' }).click()
  await expect(step2.getByRole('status')).toHaveText('Kept in the OS keychain.')
  await expect(step2.getByRole('button', { name: 'Replace the kept password' })).toBeVisible()
  await consoleTab.click()

  // Connect again: the appliance refuses the kept one, so the console says so and asks; the right one logs in.
  await reconnect(page)
  await expectOnScreen(
    page,
    /\[The admin password kept in the keychain was refused; type the password\.\]\s*admin@127\.0\.0\.1's password:/,
  )
  await typeLine(page, ADMIN)
  const asked = await expectOnScreen(page, /lunash:>\s*$/m)
  expect(asked).not.toContain(ADMIN)
  expect(asked).not.toContain(STALE)

  // Forgotten: the next console asks, and says nothing of a keychain.
  await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
  await step2.getByRole('button', { name: 'Forget the kept password' }).click()
  const forget = page.getByRole('alertdialog', { name: 'Forget the kept password?' })
  // The safe choice has the focus: Enter alone keeps the password.
  await expect(forget.getByRole('button', { name: 'Keep it' })).toBeFocused()
  await forget.getByRole('button', { name: 'Forget it' }).click()
  await expect(kept).toHaveText('The appliance admin password is not in the keychain yet: enter it once.')
  await consoleTab.click()
  await reconnect(page)
  const forgotten = await expectOnScreen(page, /admin@127\.0\.0\.1's password:\s*$/m)
  expect(forgotten.split("admin@127.0.0.1's password:").at(-2)).not.toContain('keychain')
  await typeLine(page, ADMIN)
  await expectOnScreen(page, /lunash:>\s*$/m)

  // A transcript takes a line once it ends: the last prompt's line ends when the console disconnects.
  await pane(page).getByRole('button', { name: 'Disconnect' }).click()
  await expect(page.getByLabel('Connection state')).toHaveText(/^Disconnected/)

  // The three logins were transcribed; neither password is in a transcript, nor in any file under the data folder.
  const transcripts = join(env.dataDir, 'transcripts')
  const read = () => readdirSync(transcripts).map((name) => readFileSync(join(transcripts, name), 'utf8'))
  await expect.poll(() => read().filter((text) => /lunash:>/.test(text)).length).toBe(4)
  const texts = read()
  for (const text of texts) {
    expect(text).not.toContain(ADMIN)
    expect(text).not.toContain(STALE)
  }
  const files = filesUnder(env.dataDir)
  expect(files.length).toBeGreaterThan(texts.length)
  for (const path of files) {
    const bytes = readFileSync(path).toString('latin1')
    expect(bytes.includes(ADMIN), `${path} holds the admin password`).toBe(false)
    expect(bytes.includes(STALE), `${path} holds the refused password`).toBe(false)
  }
})
