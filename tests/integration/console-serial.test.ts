/**
 * The serial console against the simulator's serial endpoint (a socat pty pair): open at 115200 8N1, log in,
 * run a command, local echo, BREAK/DTR on a port that cannot do them, and a vanished port
 * (socat killed) that is reported and reopened without losing what was already received.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { RacksideError, profileSpec, serialSettings } from '../../shared/api'
import { recorder } from '../support/session-recorder'
import { openSerialSession, type SerialSessionOptions } from '../../electron/sessions/serial-session'
import { createHost } from '../../electron/host/host'
import { socatPidFor } from '../../simulator/test/socat'

/** The profile defaults (115200 8N1, no flow control, Enter sends CR), with `extra` over them. */
const settings = (path: string, extra: Partial<SerialSessionOptions> = {}): SerialSessionOptions => ({
  ...serialSettings.parse({ path }),
  pollMs: 100,
  ...extra,
})

let sim: Simulator
let dir: string
let path: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-console-serial-'))
  sim = await startSimulator({ serialPath: join(dir, 'ttyLuna') })
  path = sim.appliances[0]!.serialConsole!.path
})

afterAll(async () => {
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
  if (sim) rmSync(sim.clientRoot, { recursive: true, force: true })
})

describe('serial console against the simulated appliance', () => {
  it('opens at 115200 8N1, logs in, runs hsm show, and survives the port vanishing and coming back', async () => {
    const rec = recorder()
    const session = await openSerialSession(settings(path), rec.sink)
    rec.bind(session)
    try {
      expect(await rec.waitForState('connected')).toMatch(/115200 8N1/)
      session.write('\r')
      await rec.waitFor('login: ')
      session.write('admin\r')
      await rec.waitFor('Password: ')
      session.write('PASSWORD\r')
      await rec.waitFor('(current) UNIX password:')
      session.write('PASSWORD\r')
      await rec.waitFor('Enter new password:')
      session.write('Seri4l-Console\r')
      await rec.waitFor('Re-type new password:')
      session.write('Seri4l-Console\r')
      await rec.waitFor(/lunash:>\s*$/)
      rec.clear()
      session.write('hsm show\r')
      await rec.waitFor(/Command Result : 0 \(Success\)[\s\S]*lunash:>\s*$/)
      expect(rec.text).toMatch(/Serial #:\s+\d+/)
      const beforeVanish = rec.text

      // Pull the cable: kill the socat that holds the pty pair.
      const pid = socatPidFor(path)
      expect(pid).toBeDefined()
      const statesBefore = rec.states.length
      process.kill(pid!, 'SIGTERM')
      const vanished = await rec.waitForState('connecting', statesBefore)
      expect(vanished).toMatch(
        new RegExp(`Port ${path.replace(/[/.]/g, '\\$&')} vanished — waiting for it to return`),
      )
      // Nothing received before the unplug was lost.
      expect(rec.text.startsWith(beforeVanish)).toBe(true)

      // The simulator rebuilds the pair on the same path (the adapter is plugged back in): reopened.
      const back = await rec.waitForState('connected', statesBefore + 1, 15_000)
      expect(back).toMatch(/Reconnected/)
      rec.clear()
      session.write('\r')
      await rec.waitFor(/login: |lunash:>/)
    } finally {
      session.close()
    }
    expect(await rec.waitForState('closed')).toMatch(/Disconnected/)
  })

  // The simulator echoes and turns \n into \r\n itself, so this shows only that local echo does not get in the
  // way; the bytes Enter sends and echo on/off are checked at a raw pty in console-serial-wire.test.ts.
  it('echoes locally at once with CR LF as the newline on the simulated appliance', async () => {
    const rec = recorder()
    const session = await openSerialSession(settings(path, { newline: 'crlf', localEcho: true }), rec.sink)
    rec.bind(session)
    try {
      await rec.waitForState('connected')
      session.write('zz-echo-check\r')
      // Local echo shows the text at once, Enter as CR LF on screen.
      await rec.waitFor('zz-echo-check\r\n')
    } finally {
      session.close()
    }
  })

  it('says BREAK, DTR and RTS are not supported by a pty instead of failing', async () => {
    const rec = recorder()
    const session = await openSerialSession(settings(path), rec.sink)
    rec.bind(session)
    try {
      await rec.waitForState('connected')
      const dtr = await session.signal!('dtr-off')
      expect(dtr).toEqual({ applied: false, message: `DTR is not supported by this port (${path}).` })
      const brk = await session.signal!('break')
      expect(brk.applied).toBe(false)
      expect(brk.message).toMatch(/BREAK is not supported by this port/)
      // The session is still usable.
      session.write('\r')
      await rec.waitFor(/login: |lunash:>/)
    } finally {
      session.close()
    }
  })

  it('refuses a port another program holds, and the first session keeps working', async () => {
    const first = recorder()
    const session = await openSerialSession(settings(path), first.sink)
    first.bind(session)
    try {
      const error = await openSerialSession(settings(path), recorder().sink).catch((e: unknown) => e)
      expect((error as Error).message).toMatch(/in use by another program/)
      session.write('\r')
      await first.waitFor(/login: |lunash:>/)
    } finally {
      session.close()
    }
  })

  it('paces a long paste at the line rate and delivers every byte in order', async () => {
    const { spawn } = await import('node:child_process')
    const { SerialPort } = await import('serialport')
    const a = join(dir, 'paceA')
    const b = join(dir, 'paceB')
    const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: 'ignore',
    })
    try {
      while (!existsSync(a) || !existsSync(b)) await new Promise((r) => setTimeout(r, 20))
      const peer = await new Promise<InstanceType<typeof SerialPort>>((resolve, reject) => {
        const p = new SerialPort({ path: b, baudRate: 9600 }, (e) => (e ? reject(e) : resolve(p)))
      })
      let received = ''
      const arrivals: number[] = []
      peer.on('data', (d: Buffer) => {
        received += d.toString('latin1')
        arrivals.push(Date.now())
      })
      const rec = recorder()
      // 9600 baud 8N1 = 960 bytes/s: 480 bytes take about half a second on the wire.
      const session = await openSerialSession(settings(a, { baudRate: 9600 }), rec.sink)
      const paste = Array.from(
        { length: 12 },
        (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(30)}`,
      ).join('\r')
      const started = Date.now()
      session.write(paste)
      while (received.length < paste.length && Date.now() - started < 5000)
        await new Promise((r) => setTimeout(r, 20))
      expect(received).toBe(paste)
      // Paced, not dumped at once (a generous lower bound; the exact time is the bench's business).
      expect(arrivals.at(-1)! - started).toBeGreaterThanOrEqual(250)
      session.close()
      await new Promise<void>((r) => peer.close(() => r()))
    } finally {
      socat.kill('SIGTERM')
    }
  })

  it('refuses a port that does not exist with a clear message and opens nothing', async () => {
    const rec = recorder()
    const missing = join(dir, 'ttyNothing')
    const error = await openSerialSession(settings(missing), rec.sink).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RacksideError)
    expect((error as RacksideError).message).toBe(
      `There is no serial port at ${missing}. Check that the adapter is plugged in, or pick the port from the list.`,
    )
    expect(rec.text).toBe('')
    expect(rec.states.filter((s) => s.state === 'connected')).toEqual([])
  })

  it('refuses a file that is not a serial port', async () => {
    const error = await openSerialSession(settings('/etc/hostname'), recorder().sink).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/not a serial port|Could not open|Permission denied/)
  })
})

describe('serial profiles through the host', () => {
  it('refuses a malformed serial path and a newline in a profile field, and writes nothing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rackside-profiles-'))
    const host = createHost({
      kind: 'web',
      dataDir: data,
      demo: { start: () => Promise.reject(new Error('no demo')), stop: async () => {} },
    })
    try {
      const base = { kind: 'serial', name: 'Rack 7 console', serial: { path: '/dev/ttyUSB0' } }
      const badPath = await host.dispatch('profiles.save', {
        profile: { ...base, serial: { path: 'ttyUSB0; rm -rf /' } },
      })
      expect(badPath).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
      expect(JSON.stringify(badPath)).toMatch(/must be a device path like \/dev\/ttyUSB0/)
      const newline = await host.dispatch('profiles.save', {
        profile: { ...base, name: 'Rack 7\nsysconf regenCert' },
      })
      expect(newline).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
      expect(JSON.stringify(newline)).toMatch(/single line/)
      const withPassword = await host.dispatch('profiles.save', {
        profile: {
          kind: 'ssh',
          name: 'HSM',
          ssh: { host: '10.0.0.5', username: 'admin', password: 'hunter22' },
        },
      })
      expect(withPassword).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
      expect(JSON.stringify(withPassword)).toMatch(/profile.ssh: unexpected field/)
      expect(existsSync(join(data, 'profiles.json'))).toBe(false)

      const saved = await host.dispatch('profiles.save', { profile: base })
      expect(saved).toMatchObject({
        ok: true,
        value: { kind: 'serial', target: '/dev/ttyUSB0 @ 115200 8N1' },
      })
      const file = readFileSync(join(data, 'profiles.json'), 'utf8')
      expect(profileSpec.safeParse(JSON.parse(file).profiles[0]).success).toBe(true)
      expect(file).not.toMatch(/password/i)
    } finally {
      await host.close()
      rmSync(data, { recursive: true, force: true })
    }
  })

  it('lists serial ports or says why it cannot, and offers typing a path', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rackside-ports-'))
    const host = createHost({
      kind: 'web',
      dataDir: data,
      demo: { start: () => Promise.reject(new Error('no demo')), stop: async () => {} },
    })
    try {
      const reply = await host.dispatch('serial.ports', {})
      expect(reply.ok).toBe(true)
      const value = (reply as { value: { ports: unknown[]; notice?: string } }).value
      expect(Array.isArray(value.ports)).toBe(true)
      // This machine has no udevadm: the notice says so and how to go on.
      if (value.notice) expect(value.notice).toMatch(/udevadm|type/i)
    } finally {
      await host.close()
      rmSync(data, { recursive: true, force: true })
    }
  })
})
