import type { Readable } from 'node:stream'

/** Pull-style reads over a push stream, for request/response protocols such as SCP. */
export class ByteReader {
  private buffer = Buffer.alloc(0)
  // Chunks not yet joined to `buffer`: joining on every arrival would copy a 64 MiB upload thousands of times.
  private pending: Buffer[] = []
  private pendingLength = 0
  private ended = false
  private waiter: (() => void) | undefined

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.pending.push(chunk)
      this.pendingLength += chunk.length
      this.wake()
    })
    stream.on('end', () => {
      this.ended = true
      this.wake()
    })
    stream.on('close', () => {
      this.ended = true
      this.wake()
    })
  }

  /** One byte, or undefined at end of stream. */
  async byte(): Promise<number | undefined> {
    const bytes = await this.bytes(1)
    return bytes?.[0]
  }

  /** Exactly n bytes, or undefined if the stream ends first. */
  async bytes(n: number): Promise<Buffer | undefined> {
    while (this.buffer.length + this.pendingLength < n) {
      if (this.ended) return undefined
      await this.wait()
    }
    this.join()
    const out = this.buffer.subarray(0, n)
    this.buffer = this.buffer.subarray(n)
    return out
  }

  /** A line without its LF, or undefined at end of stream. */
  async line(): Promise<string | undefined> {
    for (;;) {
      this.join()
      const newline = this.buffer.indexOf(0x0a)
      if (newline >= 0) {
        const text = this.buffer.subarray(0, newline).toString('utf8')
        this.buffer = this.buffer.subarray(newline + 1)
        return text
      }
      if (this.ended) return undefined
      await this.wait()
    }
  }

  private join(): void {
    if (this.pending.length === 0) return
    this.buffer = Buffer.concat([this.buffer, ...this.pending])
    this.pending = []
    this.pendingLength = 0
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve
    })
  }

  private wake(): void {
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.()
  }
}
