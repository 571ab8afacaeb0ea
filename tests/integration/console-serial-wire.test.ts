/**
 * The serial console against the raw other end of a socat pty pair (no simulator, which would echo and turn \n
 * into \r\n itself): the termios state the port is opened with, read back with `stty`; the exact bytes Enter sends
 * in each newline mode; local echo on and off; and a paste still waiting to go out when the port vanishes.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serialSettings } from '../../shared/api'
import { ptyCable, type PtyCable } from '../support/pty-cable'
import { recorder } from '../support/session-recorder'
import { portHolders } from '../../electron/sessions/port-holders'
import { openSerialSession, type SerialSessionOptions } from '../../electron/sessions/serial-session'

/** The profile defaults (115200 8N1, no flow control, Enter sends CR), with `extra` over them. */
const settings = (path: string, extra: Partial<SerialSessionOptions> = {}): SerialSessionOptions => ({
  ...serialSettings.parse({ path }),
  pollMs: 100,
  ...extra,
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let dir: string
/** The console's end of the cable (`a`), joined to the appliance's by socat. */
let a: string
let cable: PtyCable

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-serial-wire-'))
  cable = await ptyCable(dir)
  a = cable.near
})

afterEach(async () => {
  await cable.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The termios flags of the console's end, as `stty -a` prints them ("cs8", "-parenb", "crtscts"…). */
function termios(path: string): { flags: Set<string>; speed: number } {
  const out = execFileSync('stty', ['-F', path, '-a'], { encoding: 'utf8' })
  return {
    flags: new Set(out.split(/[\s;]+/)),
    speed: Number(/speed (\d+) baud/.exec(out)?.[1]),
  }
}

describe('the port is opened with the settings asked for (termios read back with stty)', () => {
  // Linux forces CS8 and clears PARENB on a pty (pty_set_termios), so 7 data bits and parity on cannot show
  // here: serial-session.test.ts checks those reach the binding. Everything a pty keeps is checked, starting
  // from a pty set to the opposite of what is asked, so each flag must have been set by the session.
  it('9600 baud, 2 stop bits, RTS/CTS and XON/XOFF, even parity', async () => {
    execFileSync('stty', ['-F', a, '38400', '-cstopb', '-crtscts', '-ixon', '-ixoff', 'parodd'])
    const session = await openSerialSession(
      settings(a, { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2, rtscts: true, xon: true }),
      recorder().sink,
    )
    try {
      const { flags, speed } = termios(a)
      expect(speed).toBe(9600)
      for (const flag of ['cstopb', 'crtscts', 'ixon', 'ixoff', '-parodd']) expect(flags).toContain(flag)
    } finally {
      session.close()
    }
  })

  it('odd parity sets PARODD', async () => {
    execFileSync('stty', ['-F', a, '-parodd'])
    const session = await openSerialSession(settings(a, { parity: 'odd' }), recorder().sink)
    try {
      expect(termios(a).flags).toContain('parodd')
    } finally {
      session.close()
    }
  })

  it('the defaults: 115200 8N1, no flow control', async () => {
    execFileSync('stty', ['-F', a, '9600', 'cstopb', 'crtscts', 'ixon', 'ixoff'])
    const session = await openSerialSession(settings(a), recorder().sink)
    try {
      const { flags, speed } = termios(a)
      expect(speed).toBe(115200)
      for (const flag of ['-cstopb', '-crtscts', '-ixon', '-ixoff']) expect(flags).toContain(flag)
    } finally {
      session.close()
    }
  })
})

describe('what Enter sends, byte for byte, and local echo', () => {
  it.each([
    ['cr', '\r'],
    ['lf', '\n'],
    ['crlf', '\r\n'],
  ] as const)('newline %s: Enter, and each line break of a paste, go out as %j', async (newline, bytes) => {
    await cable.listen()
    const session = await openSerialSession(settings(a, { newline }), recorder().sink)
    try {
      // Enter from the terminal is CR; a paste may carry LF or CR LF.
      session.write('hsm show\r')
      session.write('one\ntwo\r\nthree\r')
      const expected = `hsm show${bytes}one${bytes}two${bytes}three${bytes}`
      await cable.receivedAtLeast(expected.length)
      await sleep(50)
      expect(cable.received().toString('latin1')).toBe(expected)
    } finally {
      session.close()
    }
  })

  it('local echo on shows what was typed, Enter as a new line; the other end echoes nothing', async () => {
    await cable.listen()
    const rec = recorder()
    const session = await openSerialSession(settings(a, { localEcho: true, newline: 'lf' }), rec.sink)
    rec.bind(session)
    try {
      session.write('hsm show\r')
      await cable.receivedAtLeast('hsm show\n'.length)
      await rec.waitFor('hsm show\r\n')
      expect(rec.text).toBe('hsm show\r\n')
    } finally {
      session.close()
    }
  })

  it('local echo off shows nothing of what was typed', async () => {
    await cable.listen()
    const rec = recorder()
    const session = await openSerialSession(settings(a, { localEcho: false }), rec.sink)
    rec.bind(session)
    try {
      session.write('hsm show\r')
      await cable.receivedAtLeast('hsm show\r'.length)
      await sleep(100)
      expect(rec.text).toBe('')
    } finally {
      session.close()
    }
  })
})

describe('a paste still waiting when the port vanishes', () => {
  it('tells the operator how many characters were not sent', async () => {
    await cable.listen()
    const rec = recorder()
    // 1200 baud 8N1 = 120 characters a second: most of a 600-character paste is still queued after 0.5 s.
    const session = await openSerialSession(settings(a, { baudRate: 1200 }), rec.sink)
    rec.bind(session)
    try {
      const paste = Array.from(
        { length: 20 },
        (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`,
      )
        .join('\r')
        .padEnd(600, 'y')
      session.write(paste)
      await cable.receivedAtLeast(40)
      // Pull the cable: end the socat that holds the pair.
      cable.socat.kill('SIGTERM')
      await rec.waitForState('connecting')
      await rec.waitFor(
        /\[Not sent: \d+ characters were waiting when .* vanished; send them again once it is back\.\]/,
      )
      const unsent = Number(
        /\[Not sent: (\d+) characters were waiting when (.*?) vanished/.exec(rec.text)![1],
      )
      expect(rec.text).toContain(`were waiting when ${a} vanished`)
      // What arrived is the start of the paste, and the count is the rest, less what was on the wire.
      const arrived = cable.received().toString('latin1')
      expect(paste.startsWith(arrived)).toBe(true)
      const notArrived = paste.length - arrived.length
      expect(unsent).toBeGreaterThan(0)
      expect(unsent).toBeLessThanOrEqual(notArrived)
      expect(unsent).toBeGreaterThan(notArrived - 64)
      // The console says so after the vanish notice.
      expect(rec.text.indexOf('[Not sent:')).toBeGreaterThan(rec.text.indexOf(`Port ${a} vanished`))
    } finally {
      session.close()
    }
    expect(await rec.waitForState('closed')).toMatch(/Disconnected/)
  })
})

describe('a port another program has open', () => {
  /** A program holding the console's end of the line open, as screen or minicom would. */
  async function holder(): Promise<ChildProcess> {
    const child = spawn('sh', ['-c', 'exec 3<>"$0"; echo ready; exec sleep 30', a], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
    return child
  }

  it('is refused, naming the program, and nothing is sent to the line', async () => {
    await cable.listen()
    const other = await holder()
    try {
      const rec = recorder()
      await expect(openSerialSession(settings(a), rec.sink)).rejects.toThrow(
        `${a} is open in another program: sleep (pid ${other.pid}). Close it there, or pick another port: two programs on one serial line each get part of what the appliance sends.`,
      )
      await sleep(200)
      expect(cable.received().length).toBe(0)
    } finally {
      other.kill('SIGKILL')
      await new Promise((r) => other.once('exit', r))
    }
    // Once it is closed there, the port opens.
    const session = await openSerialSession(settings(a), recorder().sink)
    session.write('hsm show\r')
    await cable.receivedAtLeast(9)
    expect(cable.received().toString()).toBe('hsm show\r')
    session.close()
  })

  it('the far end of a pseudo-terminal (socat here, the demo appliance) does not count', async () => {
    expect(await portHolders(a)).toEqual([])
  })

  it('is found through a UUCP lock file too (minicom and cu leave one, readable by every user)', async () => {
    const other = spawn('sleep', ['30'])
    const locks = mkdtempSync(join(tmpdir(), 'rackside-locks-'))
    try {
      writeFileSync(join(locks, `LCK..${basename(realpathSync(a))}`), `${String(other.pid).padStart(10)}\n`)
      expect(await portHolders(a, { lockDirs: [locks] })).toEqual([{ pid: other.pid, name: 'sleep' }])
      other.kill('SIGKILL')
      await new Promise((r) => other.once('exit', r))
      // A lock left behind by a program that is gone is stale.
      expect(await portHolders(a, { lockDirs: [locks] })).toEqual([])
    } finally {
      rmSync(locks, { recursive: true, force: true })
    }
  })
})
