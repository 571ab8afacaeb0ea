import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Locator, type Page } from '@playwright/test'

export interface WebHost {
  url: string
  process: ChildProcess
}

/** Starts `npm run start:web` the way a user would and reads the one URL line it prints. */
export async function startWebHost(
  extraArgs: string[] = [],
  /** Extra environment for the host (a private keychain's D-Bus address, SOFTHSM2_CONF, RACKSIDE_DATA_DIR). */
  env: NodeJS.ProcessEnv = {},
): Promise<WebHost> {
  // node itself, not npx, so that SIGTERM reaches the host and it shuts down.
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      RACKSIDE_SKIP_BUILD: '1',
      // Profiles, known hosts and transcripts stay in the spec's folder (or a new one), never in the tester's home.
      RACKSIDE_DATA_DIR: process.env.RACKSIDE_DATA_DIR || mkdtempSync(join(tmpdir(), 'rackside-e2e-')),
      ...env,
    },
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL in 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S*token=[\w-]+/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)))
  })
  return { url, process: child }
}

export async function stopWebHost(host: WebHost): Promise<void> {
  if (host.process.exitCode !== null) return
  const exited = new Promise((resolve) => host.process.once('exit', resolve))
  host.process.kill('SIGTERM')
  await exited
}

/** The simulated appliance as its own program (`npm run simulator`), SSH on a random loopback port. */
export interface SshSimulator {
  process: ChildProcess
  port: number
  /** The host key's SHA-256 fingerprint, as the simulator prints it at start. */
  fingerprint: string
}

/** Starts the simulator with SSH on a free port and reads the port and host key it prints. */
export async function startSshSimulator(): Promise<SshSimulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', '--ssh', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator printed no SSH port:\n${output}`)), 30_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ssh\s+127\.0\.0\.1:(\d+)\s+host key (SHA256:\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ process: child, port: Number(match[1]), fingerprint: match[2]! })
      }
    })
    child.on('exit', (code) => reject(new Error(`the simulator exited with ${code}:\n${output}`)))
  })
}

/** Stops a simulator started above (SIGTERM) and waits until it has exited. */
export async function stopSshSimulator(simulator: SshSimulator | undefined): Promise<void> {
  const child = simulator?.process
  if (!child || child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Presses Connect on the connection profile listed as `name` (on the Connections page, opened first). */
export async function connect(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Connections' }).click()
  await page.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: 'Connect' }).click()
}

/**
 * Opens the app at `url` in a window large enough for the dock and a console, connects to a built-in demo
 * appliance (the password-authenticated one unless `profile` names another) and waits for its first-login
 * password question.
 */
export async function openDemo(
  page: Page,
  url: string,
  profile = 'Demo appliance (built-in simulator)',
  viewport = { width: 1500, height: 950 },
): Promise<void> {
  await page.setViewportSize(viewport)
  await page.goto(url)
  await page
    .getByRole('listitem')
    .filter({ hasText: profile })
    .getByRole('button', { name: 'Connect' })
    .click()
  await expectConsole(page, '(current) UNIX password:')
}

/**
 * Creates a serial profile in the Connections page's form, as the operator does (the other settings keep their
 * defaults, 115200 8N1), and returns the form, for a spec that checks what it says.
 */
export async function newSerialProfile(page: Page, name: string, port: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New serial profile' }).click()
  const form = page.getByRole('form', { name: 'New serial profile' })
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByLabel('Serial port', { exact: true }).fill(port)
  await form.getByRole('button', { name: 'Save profile' }).click()
  return form
}

/** The console of the tab on screen (the other tabs' consoles stay in the page, hidden). */
export const visibleConsole = (page: Page): Locator =>
  page.locator('.console-pane:not([hidden])').getByRole('region', { name: 'Console' })

/** The active terminal's buffer as text, whatever the renderer draws with (the page's test hook, `e2e=1`). */
export const bufferText = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const b = window.__racksideTerm!.buffer.active
    const lines: string[] = []
    for (let y = 0; y < b.length; y++) lines.push(b.getLine(y)?.translateToString(true) ?? '')
    return lines.join('\n')
  })

/**
 * Connects to the demo appliance and types its first login by hand, as at a bare terminal: the factory password,
 * then `password` twice, until the lunash prompt shows.
 */
export async function typeDemoFirstLogin(page: Page, password: string): Promise<void> {
  await connect(page, 'Demo appliance (built-in simulator)')
  const steps: [RegExp, string][] = [
    [/\(current\) UNIX password:\s*$/, 'PASSWORD'],
    [/Enter new password:\s*$/, password],
    [/Re-type new password:\s*$/, password],
  ]
  for (const [prompt, answer] of steps) {
    await expect.poll(() => bufferText(page), { timeout: 15_000 }).toMatch(prompt)
    await page.locator('.console-pane:not([hidden])').locator('.terminal-host').click()
    await page.keyboard.type(answer)
    await page.keyboard.press('Enter')
  }
  await expect.poll(() => bufferText(page), { timeout: 15_000 }).toMatch(/lunash:>\s*$/)
}

/** Waits until the console on screen shows `text` (string or pattern); returns what it shows. */
export async function expectOnScreen(page: Page, text: string | RegExp, timeout = 15_000): Promise<string> {
  const shown = () => consoleText(page, visibleConsole(page))
  await expect
    .poll(shown, { timeout, message: `the console never showed ${text}` })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text)
  return shown()
}

/** Types `line` into the console on screen and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await visibleConsole(page).click()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/** What the console shows, row by row, as a person reads it. */
export async function consoleText(
  page: Page,
  console = page.getByRole('region', { name: /console/i }).first(),
) {
  return console.locator('.xterm-rows').innerText()
}

/** Waits until the console shows `text` (string or pattern). */
export async function expectConsole(page: Page, text: string | RegExp, timeout = 15_000) {
  await expect
    .poll(async () => consoleText(page), { timeout, message: `console never showed ${text}` })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text)
}

export const test = base.extend<{ webHost: WebHost }>({
  webHost: async ({}, use) => {
    const host = await startWebHost()
    await use(host)
    await stopWebHost(host)
  },
})
export { expect }

const guidedProcedures = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })

/** Opens a guided procedure from the dock's list; returns its panel. */
export async function openProcedure(page: Page, name: string): Promise<Locator> {
  await guidedProcedures(page)
    .getByRole('navigation', { name: 'Procedures' })
    .getByRole('button', { name, exact: true })
    .click()
  return guidedProcedures(page).getByRole('region', { name })
}

/** HID "first login" through its panel: the new admin password goes to the keychain. */
export async function firstLogin(page: Page, admin: string) {
  await guidedProcedures(page)
    .getByRole('navigation', { name: 'Procedures' })
    .getByRole('button', { name: 'First login', exact: true })
    .click()
  const form = guidedProcedures(page)
    .getByRole('region', { name: 'First login' })
    .getByRole('form', { name: 'Change the factory password' })
  await form.getByLabel('Current (factory) password').fill('PASSWORD')
  await form.getByLabel('New admin password', { exact: true }).fill(admin)
  await form.getByLabel('New admin password again').fill(admin)
  await form.getByRole('button', { name: 'Change the factory password', exact: true }).click()
  await expect(form.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('Done', {
    timeout: 30_000,
  })
}

/** Fills the `hsm init` form (password HSM), which asks for the label typed once run; returns the form. */
export async function fillHsmInit(page: Page): Promise<Locator> {
  const init = (await openProcedure(page, 'HSM initialise')).getByRole('form', { name: 'Initialise the HSM' })
  await init.getByLabel('HSM label', { exact: true }).fill('luna-sa-1')
  await init.getByLabel('HSM label again').fill('luna-sa-1')
  await init.getByLabel('HSM Administrator password (password HSM)', { exact: true }).fill('S0-Passw0rd!')
  await init.getByLabel('HSM Administrator password (password HSM) again').fill('S0-Passw0rd!')
  await init.getByLabel('Cloning domain (password HSM)', { exact: true }).fill('Dom-Passw0rd!')
  await init.getByLabel('Cloning domain (password HSM) again').fill('Dom-Passw0rd!')
  return init
}
