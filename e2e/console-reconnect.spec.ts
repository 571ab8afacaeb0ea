/**
 * An SSH console whose link drops, as the operator sees it: the status line counts down to the next
 * reconnection attempt and offers Cancel reconnect; when the appliance answers again the same console asks for
 * the password and carries on. Cancelling leaves the console disconnected with the Reconnect button.
 * The appliance is the simulator as its own program, stopped and started again on the same port and state file
 * (so it keeps its host key and the changed password).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, expectConsole, test } from './fixtures'

const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-reconnect-'))
process.env.RACKSIDE_DATA_DIR = dataDir
const stateFile = join(dataDir, 'appliance-state.json')
const PASSWORD = 'Reconn3ct-Rack7'

let simulator: ChildProcess | undefined

/** Starts the simulated appliance; resolves with its SSH port and host key once it listens. */
async function startAppliance(port = 0): Promise<{ port: number; fingerprint: string }> {
  const child = (simulator = spawn(
    process.execPath,
    ['--import', 'tsx', 'simulator/cli.ts', '--ssh', String(port), '--state', stateFile],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ))
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator printed no SSH port:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ssh\s+127\.0\.0\.1:(\d+)\s+host key (SHA256:\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ port: Number(match[1]), fingerprint: match[2]! })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the simulator exited with ${code}:\n${output}`)))
  })
}

async function stopAppliance(): Promise<void> {
  const child = simulator
  if (!child || child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

test.afterAll(async () => {
  await stopAppliance()
  rmSync(dataDir, { recursive: true, force: true })
})

const pane = (page: Page) => page.locator('.console-pane:not([hidden])')
const statusLine = (page: Page) => pane(page).getByRole('status', { name: 'Connection status' })

async function typeLine(page: Page, line: string) {
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

test('a dropped SSH console counts down, reconnects by itself, and can be cancelled', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  const ssh = await startAppliance()
  await page.goto(webHost.url)

  await page.getByRole('button', { name: 'New SSH profile' }).click()
  await page.getByRole('textbox', { name: 'Name' }).fill('Rack 7 HSM')
  await page.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1')
  await page.getByRole('spinbutton', { name: 'Port' }).fill(String(ssh.port))
  await page.getByRole('button', { name: 'Save profile' }).click()
  await page
    .getByRole('listitem')
    .filter({ hasText: 'Rack 7 HSM' })
    .getByRole('button', { name: 'Connect' })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Unknown host key' })
  await expect(dialog.getByLabel('Host key fingerprint')).toHaveText(ssh.fingerprint)
  await dialog.getByRole('button', { name: 'Accept and remember' }).click()

  // First login on a factory-fresh appliance: the password is changed.
  await expectConsole(page, /admin@127\.0\.0\.1's password:/)
  await pane(page).getByRole('region', { name: 'Console' }).click()
  await typeLine(page, 'PASSWORD')
  for (const [prompt, answer] of [
    ['(current) UNIX password:', 'PASSWORD'],
    ['Enter new password:', PASSWORD],
    ['Re-type new password:', PASSWORD],
  ] as const) {
    await expectConsole(page, prompt)
    await typeLine(page, answer)
  }
  await expectConsole(page, /lunash:>\s*$/m)
  await expect(page.getByLabel('Connection state')).toHaveText(/^Connected/)

  // The appliance goes away under the console: the status line counts down to the next attempt.
  await stopAppliance()
  await expect(statusLine(page)).toContainText(/Reconnecting in \d+ s \(attempt \d of 5\)/)
  await expect(statusLine(page).getByRole('button', { name: 'Cancel reconnect' })).toBeVisible()
  await expectConsole(page, /\[Connection to 127\.0\.0\.1:\d+ lost:/)

  // It comes back on the same address with the same key: the same console asks for the password again.
  await startAppliance(ssh.port)
  await expectConsole(
    page,
    /\[Connection to 127\.0\.0\.1:\d+ lost[\s\S]*admin@127\.0\.0\.1's password:/,
    30_000,
  )
  await typeLine(page, PASSWORD)
  await expectConsole(page, /\[Reconnected\.\][\s\S]*lunash:>\s*$/)
  await expect(page.getByLabel('Connection state')).toHaveText(/^Connected/)
  await expect(statusLine(page).getByRole('button', { name: 'Cancel reconnect' })).toBeHidden()

  // Dropped again, and this time the operator cancels: the console stays disconnected, Reconnect is offered.
  await stopAppliance()
  await statusLine(page).getByRole('button', { name: 'Cancel reconnect' }).click()
  await expect(statusLine(page)).toContainText('Reconnecting cancelled')
  await expect(page.getByLabel('Connection state')).toHaveText(/^Disconnected/)
  await expect(pane(page).getByRole('button', { name: 'Reconnect' })).toBeVisible()
})
