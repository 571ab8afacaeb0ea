/**
 * A serial port another program already has open (screen, minicom, a forgotten `cat`) is refused before Rackside
 * opens it: the status line names the program and its pid, and nothing reaches the line, not even what the
 * operator types afterwards. Once the program lets go, Reconnect opens the console and bytes flow both ways.
 * The cable is a socat pty pair: the console's end (`ttyConsole`) and the appliance's end (`ttyAppliance`), where
 * the spec listens byte for byte. The other program is `sleep` holding the console's end open read-write, as
 * screen would (bash opens the port, then execs sleep, so the program's name is "sleep").
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { SerialPort } from 'serialport'
import { ptyCable, type PtyCable } from '../tests/support/pty-cable'
import { connect, consoleText, expect, expectConsole, newSerialProfile, test } from './fixtures'

// Profiles and transcripts of this run go to a throwaway data folder (the web host inherits it).
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-serial-busy-'))
process.env.RACKSIDE_DATA_DIR = dataDir

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let dir: string
/** The console's end of the cable (`a`), joined to the appliance's end by socat. */
let a: string
let cable: PtyCable
/** The appliance's end, listening. */
let peer: SerialPort
let holder: ChildProcess | undefined

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve))

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-e2e-serial-pair-'))
  cable = await ptyCable(dir)
  a = cable.near
  peer = await cable.listen()
})

test.afterEach(async () => {
  if (holder && holder.exitCode === null && holder.signalCode === null) {
    holder.kill('SIGKILL')
    await exited(holder)
  }
  await cable.close()
  rmSync(dir, { recursive: true, force: true })
})

test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** A program with the console's end open read-write and nothing else, as screen or minicom would hold it. */
async function holdPort(path: string): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', 'exec 3<>"$0"; echo ready; exec sleep 600', path], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code} before opening ${path}`)))
  })
  // Past the exec: the process is now called sleep, with the port still open on fd 3.
  for (const until = Date.now() + 5_000; ; await sleep(20)) {
    if (readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === 'sleep') return child
    if (Date.now() > until) throw new Error('the holder never became sleep')
  }
}

/** The console pane on screen. */
const pane = (page: Page): Locator => page.locator('.console-pane:not([hidden])')
const statusLine = (page: Page) => pane(page).getByRole('status', { name: 'Connection status' })

/** Waits until the console shows `text`, read as one line (a long message wraps at the console's width). */
async function expectOnScreen(page: Page, text: string, timeout = 15_000) {
  const region = pane(page).getByRole('region', { name: 'Console' })
  await expect
    .poll(async () => (await consoleText(page, region)).replace(/\n/g, ''), {
      timeout,
      message: `the console never showed ${text}`,
    })
    .toContain(text)
}

async function receivedExactly(expected: string): Promise<void> {
  await cable.receivedAtLeast(expected.length, 10_000)
  await sleep(100) // anything more would have arrived by now
  expect(cable.received().toString('latin1')).toBe(expected)
}

test('a serial port another program holds is refused, naming the program; once it lets go, the console opens', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  holder = await holdPort(a)
  await page.goto(webHost.url)

  // The operator's serial profile for the USB console cable.
  await newSerialProfile(page, 'Rack 7 console', a)
  const item = page.getByRole('listitem').filter({ hasText: 'Rack 7 console' })
  await expect(item).toContainText(`${a} @ 115200 8N1`)

  // Connect: refused, naming the program that has the port and its pid, and saying what to do.
  await connect(page, 'Rack 7 console')
  await expect(statusLine(page)).toContainText(
    `${a} is open in another program: sleep (pid ${holder.pid}). Close it there, or pick another port: two programs on one serial line each get part of what the appliance sends.`,
  )
  await expect(page.getByLabel('Connection state')).toHaveText(/^Failed/)
  await expectOnScreen(page, `is open in another program: sleep (pid ${holder.pid})`)
  await expect(pane(page).getByRole('button', { name: 'Reconnect' })).toBeVisible()

  // No console session: what the operator types now goes nowhere, and the line has carried nothing at all.
  await pane(page).getByRole('region', { name: 'Console' }).click()
  await page.keyboard.type('hsm show')
  await page.keyboard.press('Enter')
  await sleep(1_000)
  expect(cable.received().length).toBe(0)

  // The other program lets go of the port; Reconnect opens it.
  holder.kill('SIGTERM')
  await exited(holder)
  await pane(page).getByRole('button', { name: 'Reconnect' }).click()
  await expect(statusLine(page)).toContainText(`Connected to ${a} at 115200 8N1.`)
  await expect(page.getByLabel('Connection state')).toHaveText(/^Connected/)

  // The appliance's output reaches the console…
  peer.write('hello from the far end\r\n')
  await expectConsole(page, 'hello from the far end')

  // …and what the operator types reaches the appliance, Enter as CR. The keys typed while refused never do.
  await pane(page).getByRole('region', { name: 'Console' }).click()
  await page.keyboard.type('hsm show')
  await page.keyboard.press('Enter')
  await receivedExactly('hsm show\r')
})
