import type { Faults } from '../appliance/contract'

export interface OutputPacerOptions {
  /** Where paced bytes go (the SSH channel, the pty). */
  write(chunk: Buffer): void
  /** Read on every line so faults changed mid-session apply at once. */
  faults(): Faults
  /** Called once when disconnectAfterBytes is reached; nothing is written afterwards. */
  onByteLimit(): void
  /** Pace at a line rate (serial: 115200 baud 8N1 = 11520 bytes/s). */
  bytesPerSecond?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Splits after every newline so latency applies per line; a trailing prompt without newline is its own piece. */
export function splitLines(text: string): string[] {
  const pieces = text.split(/(?<=\n)/)
  return pieces.filter((piece) => piece.length > 0)
}

/**
 * The output side of one connection: per-line latency and jitter, a byte budget after which the line drops,
 * and line-rate pacing. With no faults and no line rate it writes straight through, in order.
 */
export class OutputPacer {
  private readonly queue: string[] = []
  private draining = false
  private sent = 0
  private stopped = false
  private readonly idle: (() => void)[] = []
  private nextSlot = 0

  constructor(private readonly options: OutputPacerOptions) {}

  get bytesSent(): number {
    return this.sent
  }

  push(text: string): void {
    if (this.stopped || text.length === 0) return
    const faults = this.options.faults()
    const paced = Boolean(
      faults.latencyMs || faults.jitterMs || faults.lineBytesPerSecond || this.options.bytesPerSecond,
    )
    if (!paced && !this.draining) {
      this.emit(text, faults)
      return
    }
    this.queue.push(...splitLines(text))
    if (!this.draining) void this.drain()
  }

  /** Resolves once everything queued so far has been written (or dropped by a fault). */
  flushed(): Promise<void> {
    if (!this.draining) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Stops writing; queued output is discarded. */
  stop(): void {
    this.stopped = true
    this.queue.length = 0
  }

  private async drain(): Promise<void> {
    this.draining = true
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const line = this.queue.shift() as string
        const faults = this.options.faults()
        const delay = (faults.latencyMs ?? 0) + Math.random() * (faults.jitterMs ?? 0)
        if (delay > 0) await sleep(delay)
        if (this.stopped) break
        // A slow-line fault overrides the line's own rate (a serial console at 9600 baud instead of 115200).
        const rate = faults.lineBytesPerSecond || this.options.bytesPerSecond
        if (rate) await this.emitAtLineRate(line, rate)
        else this.emit(line, this.options.faults())
      }
    } finally {
      this.draining = false
      for (const resolve of this.idle.splice(0)) resolve()
    }
  }

  private async emitAtLineRate(line: string, bytesPerSecond: number): Promise<void> {
    // Ten-millisecond slices: each waits for its slot on the wire, as a UART would.
    const bytes = Buffer.from(line, 'utf8')
    const slice = Math.max(1, Math.floor(bytesPerSecond / 100))
    for (let offset = 0; offset < bytes.length && !this.stopped; offset += slice) {
      const chunk = bytes.subarray(offset, offset + slice)
      const now = Date.now()
      if (this.nextSlot > now) await sleep(this.nextSlot - now)
      this.nextSlot = Math.max(Date.now(), this.nextSlot) + (chunk.length * 1000) / bytesPerSecond
      this.emitBytes(chunk, this.options.faults())
    }
  }

  private emit(text: string, faults: Faults): void {
    this.emitBytes(Buffer.from(text, 'utf8'), faults)
  }

  private emitBytes(bytes: Buffer, faults: Faults): void {
    if (this.stopped) return
    const limit = faults.disconnectAfterBytes
    if (limit !== undefined && this.sent + bytes.length >= limit) {
      const allowed = Math.max(0, limit - this.sent)
      if (allowed > 0) this.options.write(bytes.subarray(0, allowed))
      this.sent += allowed
      this.stop()
      this.options.onByteLimit()
      return
    }
    this.sent += bytes.length
    this.options.write(bytes)
  }
}

/** The shell may write bare LF; a terminal needs CRLF. Lone CRs and existing CRLFs are kept. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}
