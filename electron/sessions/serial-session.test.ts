import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { SerialPortMock } from 'serialport'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { serialSettings } from '../../shared/api'
import { recorder } from '../../tests/support/session-recorder'
import {
  describeOpenError,
  framing,
  lineRate,
  openSerialSession,
  type LineState,
  type PortOpenOptions,
  type SerialSessionOptions,
} from './serial-session'

describe('serial port errors read as actions', () => {
  const path = '/dev/ttyUSB0'
  it.each([
    [
      'Error: No such file or directory, cannot open /dev/ttyUSB0',
      /There is no serial port at \/dev\/ttyUSB0/,
    ],
    ['Error: Resource temporarily unavailable Cannot lock port', /in use by another program/],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 115200', /is not a serial port/],
  ])('%s', (message, expected) => {
    expect(describeOpenError(new Error(message), path, 'linux')).toMatch(expected)
  })

  it('names the dialout group and the command to join it on Linux', () => {
    expect(
      describeOpenError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), path, 'linux'),
    ).toBe(
      'Permission denied opening /dev/ttyUSB0: your user is not in the dialout group. Add yourself with `sudo usermod -aG dialout $USER` and log in again.',
    )
  })
})

describe('line rate', () => {
  it('counts start, data, parity and stop bits', () => {
    expect(lineRate({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 })).toBe(11520)
    expect(lineRate({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2 })).toBeCloseTo(872.7, 1)
    expect(framing({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 })).toBe('115200 8N1')
  })
})

/**
 * Modem lines. A pty refuses the modem-line ioctls and no USB adapter is attached here, so these use serialport's
 * mock binding (@serialport/binding-mock): a port that takes every flag, where the test reads the flags exactly as
 * the binding receives them, after serialport has filled in its defaults for anything left out.
 */
describe('DTR, RTS and BREAK on a port that takes them (mock binding)', () => {
  // serialport loads the mock's CommonJS build (an ESM import would be a second copy with its own ports), and
  // the package's types do not resolve through its "exports": what the tests use of it is declared here.
  const { MockBinding, MockPortBinding } = createRequire(import.meta.url)('@serialport/binding-mock') as {
    MockBinding: {
      createPort(path: string, options: { echo: boolean; record: boolean }): void
      reset(): void
      open(options: PortOpenOptions): Promise<unknown>
    }
    MockPortBinding: { prototype: MockPort }
  }
  interface MockPort {
    /** The flags as the binding receives them, serialport's defaults filled in. */
    set(flags: LineState & { cts: boolean }): Promise<void>
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>
  }
  let dir: string
  let path: string
  let set: MockInstance<MockPort['set']>
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rackside-serial-lines-'))
    // A file at the path, so a vanished port counts as plugged back in at once.
    path = join(dir, 'ttyUSB0')
    writeFileSync(path, '')
    MockBinding.createPort(path, { echo: false, record: true })
    set = vi.spyOn(MockPortBinding.prototype, 'set')
  })
  afterEach(() => {
    vi.restoreAllMocks()
    MockBinding.reset()
    rmSync(dir, { recursive: true, force: true })
  })

  const open = (extra: Partial<SerialSessionOptions> = {}) => {
    const rec = recorder()
    return openSerialSession(
      {
        ...serialSettings.parse({ path }),
        pollMs: 20,
        portClass: SerialPortMock,
        ...extra,
      },
      rec.sink,
    ).then((session) => {
      rec.bind(session)
      return { session, rec }
    })
  }
  const flags = () => set.mock.calls.map(([f]) => ({ dtr: f.dtr, rts: f.rts, brk: f.brk }))

  it('changes only the line asked for: RTS off keeps DTR off, BREAK keeps both off', async () => {
    const { session } = await open()
    try {
      expect(await session.signal!('dtr-off')).toEqual({ applied: true, message: 'DTR off.' })
      expect(await session.signal!('rts-off')).toEqual({ applied: true, message: 'RTS off.' })
      expect(await session.signal!('break')).toEqual({ applied: true, message: 'BREAK sent (250 ms).' })
      expect(await session.signal!('dtr-on')).toEqual({ applied: true, message: 'DTR on.' })
      expect(flags()).toEqual([
        { dtr: false, rts: true, brk: false },
        { dtr: false, rts: false, brk: false },
        { dtr: false, rts: false, brk: true },
        { dtr: false, rts: false, brk: false },
        { dtr: true, rts: false, brk: false },
      ])
    } finally {
      session.close()
    }
  })

  it('keeps a line as it was when the port refuses the change', async () => {
    const { session } = await open()
    try {
      set.mockRejectedValueOnce(new Error('Inappropriate ioctl for device'))
      expect(await session.signal!('dtr-off')).toEqual({
        applied: false,
        message: `DTR is not supported by this port (${path}).`,
      })
      await session.signal!('rts-off')
      // DTR was never dropped, so the next change leaves it up.
      expect(flags().at(-1)).toEqual({ dtr: true, rts: false, brk: false })
    } finally {
      session.close()
    }
  })

  it('puts DTR and RTS back as the operator set them when an unplugged adapter is reopened', async () => {
    // The adapter is pulled: the pending read fails with EIO, as it does on Linux.
    let unplug: (() => void) | undefined
    const read = vi.spyOn(MockPortBinding.prototype, 'read').mockImplementationOnce(
      () =>
        new Promise((_, reject) => {
          unplug = () => reject(Object.assign(new Error('Input/output error'), { code: 'EIO' }))
        }),
    )
    const { session, rec } = await open()
    try {
      await session.signal!('dtr-off')
      await session.signal!('rts-off')
      while (!unplug) await new Promise((r) => setTimeout(r, 5))
      read.mockRestore()
      unplug()
      await rec.waitForState('connecting')
      await rec.waitForState('connected', rec.states.length)
      await rec.waitFor('is back; reopened')
      for (const until = Date.now() + 2000; set.mock.calls.length < 3 && Date.now() < until; )
        await new Promise((r) => setTimeout(r, 5))
      expect(flags()).toEqual([
        { dtr: false, rts: true, brk: false },
        { dtr: false, rts: false, brk: false },
        { dtr: false, rts: false, brk: false },
      ])
      // And a later change starts from that state, not from the lines the reopened port came up with.
      await session.signal!('rts-on')
      expect(flags().at(-1)).toEqual({ dtr: false, rts: true, brk: false })
    } finally {
      session.close()
    }
  })

  it('opens the port with every framing and flow-control setting', async () => {
    // A pty keeps only some of these (Linux forces CS8 and clears PARENB on a pty), so the binding is asked.
    const opened = vi.spyOn(MockBinding, 'open')
    const asked = {
      baudRate: 9600,
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      rtscts: true,
      xon: true,
    } as const
    const { session } = await open(asked)
    try {
      // XON/XOFF is one setting: both directions.
      expect(opened.mock.calls[0]![0]).toMatchObject({ path, ...asked, xoff: true })
    } finally {
      session.close()
    }
  })
})
