/**
 * `rackside status --json serial:<pty>@115200` against the simulator's serial console (a socat pty pair), through
 * the app's serial session. A console at rest prints nothing, and the CLI never presses Enter on its own: on a
 * quiet line it says so and sends nothing. When the console prints its login prompt (here: the appliance restarts
 * its console while the CLI waits), the CLI logs in with the runner's attended login, reads the appliance as JSON
 * and logs out; a wrong password is one line, non-zero, and never retried.
 */
import { mkdtempSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import type { ShellTerminal } from '../../simulator/appliance/contract'
import { changeFactoryPassword } from '../support/first-login'
import { cli } from '../support/rackside-cli'

const ADMIN = 'Serial-Admin-2026!'
let sim: Simulator
let serialPath = ''
/** The serial console's current terminal (the simulator opens a new shell after each logout or hang-up). */
let terminal: ShellTerminal | undefined
/** Everything the serial console's shells received since they were watched. */
const received: string[] = []

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Logs in and out at the console as a person would, so the next shell opens under the test's watch. */
async function logInAndOut(): Promise<void> {
  const port = new SerialPort({ path: serialPath, baudRate: 115200, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())))
  let seen = ''
  port.on('data', (d: Buffer) => (seen += d.toString()))
  const until = async (pattern: RegExp) => {
    const deadline = Date.now() + 10_000
    while (!pattern.test(seen)) {
      if (Date.now() > deadline) throw new Error(`the console never showed ${pattern}: ${seen}`)
      await sleep(20)
    }
    seen = ''
  }
  port.write('\r')
  await until(/login: $/)
  port.write('admin\r')
  await until(/Password: $/)
  port.write(`${ADMIN}\r`)
  await until(/lunash:>\s*$/)
  port.write('exit\r')
  await until(/login: $/)
  // Let go of the line before the CLI opens it (it refuses a port another program holds).
  await new Promise<void>((resolve) => port.close(() => resolve()))
}

/** Resolves once process `pid` holds the serial port open. */
async function holdsPort(pid: number): Promise<void> {
  const device = realpathSync(serialPath)
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === device))
        return
    } catch {
      // the process is starting or gone
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} never opened ${device}`)
    await sleep(20)
  }
}

/** Runs the CLI and, once it holds the port, has the appliance restart its console (a fresh login prompt). */
async function cliWhileConsoleRestarts(args: string[], stdin: string) {
  let held: Promise<void> = Promise.resolve()
  const result = cli(args, stdin, {}, (pid) => {
    held = holdsPort(pid).then(() => terminal?.hangup('console restarted'))
  })
  const r = await result
  await held
  return r
}

beforeAll(async () => {
  sim = await startSimulator({
    serialPath: join(mkdtempSync(join(tmpdir(), 'rackside-cli-serial-')), 'ttyLuna'),
  })
  const handle = sim.appliances[0]!
  serialPath = handle.serialConsole!.path
  // The factory password is changed once over SSH, as on a fresh appliance.
  await changeFactoryPassword(handle.ssh, ADMIN)
  const appliance = handle.appliance
  const open = appliance.openShell.bind(appliance)
  appliance.openShell = (t, options) => {
    const shell = open(t, options)
    if (options.transport !== 'serial') return shell
    terminal = t
    return {
      ...shell,
      input: (data: string) => {
        received.push(data)
        shell.input(data)
      },
      close: () => shell.close(),
      resize: (c: number, r: number) => shell.resize?.(c, r),
    }
  }
  await logInAndOut()
}, 60_000)
afterAll(async () => sim.stop())

describe('rackside status --json over the serial console', () => {
  it('a quiet line: one line that says why, exit 1, and nothing was sent', async () => {
    received.length = 0
    const r = await cli(['status', '--json', `serial:${serialPath}@115200`, '--password-stdin'], `${ADMIN}\n`)
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/shows nothing: .* Rackside sends nothing blind/)
    expect(r.stdout).toBe('')
    expect(received).toEqual([])
  }, 60_000)

  it('logs in at the login prompt, reads the appliance as JSON, and logs out', async () => {
    const r = await cliWhileConsoleRestarts(
      ['status', '--json', `serial:${serialPath}@115200`, '--password-stdin'],
      `${ADMIN}\n`,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(json.target).toBe(`serial:${serialPath}@115200`)
    expect(json.hsm).toMatchObject({ serial: sim.appliances[0]!.serial })
    expect(json.problems).toEqual([])
    // Logged out: the last thing the console took was `exit`.
    expect(received.join('').trimEnd().endsWith('exit')).toBe(true)
  }, 90_000)

  it('a wrong password: one line, non-zero, tried once', async () => {
    received.length = 0
    const r = await cliWhileConsoleRestarts(
      ['status', '--json', `serial:${serialPath}`, '--password-stdin'],
      'wrong\n',
    )
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/password was refused/)
    expect(received.filter((input) => input.includes('wrong'))).toHaveLength(1)
  }, 90_000)

  it('a port that does not exist: one line, non-zero', async () => {
    const r = await cli(['status', '--json', 'serial:/dev/ttyNoSuchPort', '--password-stdin'], `${ADMIN}\n`)
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/no serial port at \/dev\/ttyNoSuchPort/)
  })
})
