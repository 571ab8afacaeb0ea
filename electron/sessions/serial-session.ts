/**
 * A serial console (serialport): 115200 8N1 by default, every framing and flow-control setting, newline mode,
 * local echo, BREAK and DTR/RTS where the port supports them, and input paced at the line rate so a long
 * paste does not overrun an appliance without flow control.
 *
 * When the adapter is unplugged (or the pty's other end goes away) the session stays open, says so, and
 * reopens the port as soon as the path is back; output already received has been delivered and transcribed.
 */
import { existsSync } from 'node:fs'
import { SerialPort } from 'serialport'
import { RacksideError, type SerialSettings } from '../../shared/api'
import { heldPortMessage, portHolders } from './port-holders'
import type { ConsoleSession, SessionSink, SignalResult } from './session'
import { outputPipeline, type OutputPipelineOptions } from './stages'

export interface SerialSessionOptions extends SerialSettings {
  title?: string
  /** How often a vanished port's path is checked (ms). */
  pollMs?: number
  output?: Partial<Pick<OutputPipelineOptions, 'maxDelayMs' | 'maxChars' | 'highWater' | 'lowWater'>>
  /** The port implementation: serialport's SerialPort, or its SerialPortMock (@serialport/binding-mock) in tests. */
  portClass?: new (options: PortOpenOptions) => PortLike
}

type PortError = Error & { code?: string; disconnected?: boolean; disconnect?: boolean }

/** What the session opens a port with. */
export type PortOpenOptions = Pick<
  SerialSettings,
  'path' | 'baudRate' | 'dataBits' | 'parity' | 'stopBits' | 'rtscts' | 'xon'
> & { xoff: boolean; autoOpen: false; lock: boolean }

/** The modem lines the session drives: DTR, RTS, and BREAK (the line held at space). */
export interface LineState {
  dtr: boolean
  rts: boolean
  brk: boolean
}

/** What the session uses of a serialport port. */
export interface PortLike {
  readonly isOpen: boolean
  open(callback: (error: Error | null) => void): void
  close(callback: (error?: Error | null) => void): void
  write(data: Buffer): boolean
  set(flags: LineState, callback: (error: Error | null) => void): void
  pause(): unknown
  resume(): unknown
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  on(event: 'error' | 'close', listener: (error: PortError | null) => void): unknown
}

/** Bytes per second on the wire: start bit + data bits + parity + stop bits per character. */
export function lineRate(s: Pick<SerialSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): number {
  const bits = 1 + s.dataBits + (s.parity === 'none' ? 0 : 1) + s.stopBits
  return s.baudRate / bits
}

export function framing(s: Pick<SerialSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]!.toUpperCase()}${s.stopBits}`
}

/** A sentence a person can act on for a port that would not open. */
export function describeOpenError(error: PortError, path: string, platform = process.platform): string {
  const m = error.message
  if (/No such file|ENOENT|cannot find the file/i.test(m) || error.code === 'ENOENT')
    return `There is no serial port at ${path}. Check that the adapter is plugged in, or pick the port from the list.`
  if (/Permission denied|EACCES|Access denied/i.test(m) || error.code === 'EACCES')
    return platform === 'linux'
      ? `Permission denied opening ${path}: your user is not in the dialout group. Add yourself with \`sudo usermod -aG dialout $USER\` and log in again.`
      : `Permission denied opening ${path}. Check that your account may use serial ports.`
  if (/lock|busy|EBUSY|Resource temporarily unavailable/i.test(m) || error.code === 'EBUSY')
    return `${path} is in use by another program (screen, minicom or another Rackside tab?). Close it there, or pick another port.`
  if (/Inappropriate ioctl|not a tty|ENOTTY/i.test(m))
    return `${path} is not a serial port (it does not accept serial settings). Pick a device such as /dev/ttyUSB0.`
  return `Could not open ${path}: ${m}`
}

/** Characters in UTF-8 bytes, not counting the tail of one whose first bytes were already sent. */
const charactersIn = (chunks: Buffer[]): number =>
  chunks.reduce((n, chunk) => n + chunk.filter((byte) => (byte & 0xc0) !== 0x80).length, 0)

const isVanished = (e: PortError | null | undefined): boolean =>
  !!e &&
  (e.disconnected === true ||
    e.disconnect === true ||
    /EIO|ENXIO|EBADF|bad file descriptor|Input\/output error/i.test(`${e.code ?? ''} ${e.message}`))

/** Opens the port; resolves once it is open, rejects with a clear 'connection-failed' error otherwise. */
export async function openSerialSession(
  options: SerialSessionOptions,
  sink: SessionSink,
): Promise<ConsoleSession> {
  const settings = options
  const Port = options.portClass ?? SerialPort
  const path = settings.path
  const where = `${path} at ${framing(settings)}`
  const pollMs = options.pollMs ?? 500
  let port: PortLike | undefined
  let closedByUser = false
  let ended = false
  let vanished = false
  let pollTimer: NodeJS.Timeout | undefined
  /** DTR, RTS and BREAK as the port last took them (a port opens with DTR and RTS up). */
  let lines: LineState = { dtr: true, rts: true, brk: false }
  const newline = settings.newline === 'lf' ? '\n' : settings.newline === 'crlf' ? '\r\n' : '\r'

  const output = outputPipeline({
    ...options.output,
    emit: (text) => sink.data(text),
    pause: () => port?.pause(),
    resume: () => port?.resume(),
  })

  // ── input pacing: a token bucket refilled at the line rate; typing goes out at once, pastes at line speed ──
  const bytesPerSecond = lineRate(settings)
  const burst = Math.max(16, Math.round(bytesPerSecond / 50))
  let tokens = burst
  let lastRefill = Date.now()
  const queue: Buffer[] = []
  let queued = 0
  let drainTimer: NodeJS.Timeout | undefined
  const drain = (): void => {
    drainTimer = undefined
    const now = Date.now()
    tokens = Math.min(burst, tokens + ((now - lastRefill) / 1000) * bytesPerSecond)
    lastRefill = now
    while (queue.length && tokens >= 1 && port?.isOpen && !vanished) {
      const head = queue[0]!
      const n = Math.min(head.length, Math.floor(tokens))
      const piece = head.subarray(0, n)
      if (n === head.length) queue.shift()
      else queue[0] = head.subarray(n)
      queued -= n
      tokens -= n
      port.write(piece)
    }
    if (queue.length && port?.isOpen && !vanished) drainTimer = setTimeout(drain, 10)
  }

  const open = (): Promise<PortLike> =>
    new Promise((resolve, reject) => {
      const p = new Port({
        path,
        baudRate: settings.baudRate,
        dataBits: settings.dataBits,
        parity: settings.parity,
        stopBits: settings.stopBits,
        rtscts: settings.rtscts,
        xon: settings.xon,
        xoff: settings.xon,
        autoOpen: false,
        lock: true,
      })
      p.open((error) => (error ? reject(error) : resolve(p)))
    })

  const attach = (p: PortLike): void => {
    port = p
    p.on('data', (chunk: Buffer) => output.pushBytes(chunk))
    p.on('error', (error) => {
      if (isVanished(error)) onVanished(p)
    })
    p.on('close', (error) => {
      if (port !== p) return
      if (closedByUser) return finish('closed', `Disconnected from ${path}.`)
      if (isVanished(error) || !existsSync(path)) onVanished(p)
      else finish('closed', `${path} was closed${error ? `: ${error.message}` : ''}.`)
    })
  }

  const onVanished = (p: PortLike): void => {
    if (vanished || ended || port !== p) return
    vanished = true
    const unsent = charactersIn(queue)
    queue.length = 0
    queued = 0
    output.flush()
    const message = `Port ${path} vanished — waiting for it to return (plug the adapter back in).`
    output.pushText(`\r\n\x1b[33m[${message}]\x1b[0m\r\n`)
    if (unsent)
      output.pushText(
        `\x1b[33m[Not sent: ${unsent} character${unsent === 1 ? ' was' : 's were'} waiting when ${path} vanished; send them again once it is back.]\x1b[0m\r\n`,
      )
    sink.status('connecting', message)
    if (p.isOpen) p.close(() => undefined)
    pollTimer = setTimeout(poll, pollMs)
  }

  /** A reopened port has DTR and RTS up again: put back what the operator had set. */
  const restoreLines = (): void => {
    const wanted = lines
    lines = { dtr: true, rts: true, brk: false }
    if (wanted.dtr && wanted.rts) return
    setLines({ dtr: wanted.dtr, rts: wanted.rts }).catch((error: Error) =>
      output.pushText(
        `\x1b[33m[DTR and RTS are up again after reopening ${path}; setting them back failed: ${error.message}]\x1b[0m\r\n`,
      ),
    )
  }

  const poll = (): void => {
    pollTimer = undefined
    if (ended || closedByUser) return
    if (!existsSync(path)) {
      pollTimer = setTimeout(poll, pollMs)
      return
    }
    open().then(
      (p) => {
        if (ended || closedByUser) return void p.close(() => undefined)
        vanished = false
        attach(p)
        output.pushText(`\x1b[32m[${path} is back; reopened at ${framing(settings)}.]\x1b[0m\r\n`)
        restoreLines()
        sink.status('connected', `Reconnected to ${where}.`)
      },
      () => {
        pollTimer = setTimeout(poll, pollMs)
      },
    )
  }

  const finish = (state: 'closed' | 'failed', message: string): void => {
    if (ended) return
    ended = true
    if (pollTimer) clearTimeout(pollTimer)
    if (drainTimer) clearTimeout(drainTimer)
    output.end()
    sink.status(state, message)
    output.dispose()
  }

  let first: PortLike
  const holders = await portHolders(path)
  if (holders.length) {
    output.dispose()
    throw new RacksideError({ code: 'connection-failed', message: heldPortMessage(path, holders) })
  }
  try {
    first = await open()
  } catch (error) {
    output.dispose()
    throw new RacksideError({
      code: 'connection-failed',
      message: describeOpenError(error as PortError, path),
    })
  }
  attach(first)

  // serialport's set() fills in dtr: true, rts: true, brk: false for any flag left out, so the lines would undo
  // each other: every change passes the whole state, and the state changes only once the port has taken it.
  const setLines = (change: Partial<LineState>): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!port?.isOpen || vanished) return reject(new Error('the port is not open'))
      const next = { ...lines, ...change }
      port.set(next, (error) => {
        if (error) return reject(error)
        lines = next
        resolve()
      })
    })

  /** Sends typed text, showing `echo` when local echo is on. */
  const send = (input: string, echo: string): void => {
    if (ended) return
    if (vanished) {
      output.pushText(`\x1b[33m[Not sent: ${path} is gone; waiting for it to return.]\x1b[0m\r\n`)
      return
    }
    const text = input.replace(/\r\n?|\n/g, newline)
    if (settings.localEcho && echo) output.pushText(echo.replace(/\r\n?|\n/g, '\r\n'))
    const bytes = Buffer.from(text, 'utf8')
    queue.push(bytes)
    queued += bytes.length
    if (!drainTimer) drain()
  }

  const session: ConsoleSession = {
    title: options.title ?? `${path} @ ${settings.baudRate}`,
    kind: 'serial',
    write: (input) => send(input, input),
    // Local echo shows the line break of a secret answer, never the secret.
    writeSecret: (input) => send(input, input.replace(/[^\r\n]+/g, '')),
    resize() {
      // A serial line has no window size.
    },
    ack: (chars) => output.ack(chars),
    close() {
      if (closedByUser) return
      closedByUser = true
      if (pollTimer) clearTimeout(pollTimer)
      if (port?.isOpen) port.close(() => undefined)
      else finish('closed', `Disconnected from ${path}.`)
    },
    async signal(signal): Promise<SignalResult> {
      try {
        if (signal === 'break') {
          await setLines({ brk: true })
          await new Promise((r) => setTimeout(r, 250))
          await setLines({ brk: false })
          return { applied: true, message: 'BREAK sent (250 ms).' }
        }
        const [line, state] = signal.split('-') as ['dtr' | 'rts', 'on' | 'off']
        await setLines({ [line]: state === 'on' })
        return { applied: true, message: `${line.toUpperCase()} ${state}.` }
      } catch (error) {
        const what = signal === 'break' ? 'BREAK' : signal.split('-')[0]!.toUpperCase()
        const m = (error as Error).message
        if (/ioctl|Input\/output error|not supported|ENOTTY|EINVAL/i.test(m))
          return { applied: false, message: `${what} is not supported by this port (${path}).` }
        return { applied: false, message: `${what} could not be set: ${m}` }
      }
    },
    tap: (listener) => output.tap(listener),
  }

  sink.status(
    'connected',
    `Connected to ${where}${settings.rtscts ? ', RTS/CTS' : ''}${settings.xon ? ', XON/XOFF' : ''}.`,
  )
  void queued
  return session
}
