import { normalise } from '../../shared/lunash/text'

/**
 * A rolling buffer of session output as the parsers see it (escape codes removed, CR/LF and backspaces applied).
 * Complete lines are normalised once; only the unfinished last line is redone when more arrives, so a long
 * output costs linear time even when it comes a few bytes at a time.
 */
export class OutputBuffer {
  private committed = ''
  private pending = ''
  private cached = ''

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  push(raw: string): void {
    this.pending += raw
    const newline = this.pending.lastIndexOf('\n')
    if (newline >= 0) {
      this.committed += normalise(this.pending.slice(0, newline + 1))
      this.pending = this.pending.slice(newline + 1)
      if (this.committed.length > this.limit) this.committed = this.committed.slice(-this.limit)
    }
    this.cached = this.committed + normalise(this.pending)
  }

  get text(): string {
    return this.cached
  }

  tail(chars: number): string {
    return this.cached.slice(-chars)
  }

  clear(): void {
    this.committed = ''
    this.pending = ''
    this.cached = ''
  }

  /** Moves everything into a new buffer and empties this one. */
  takeAll(): OutputBuffer {
    const out = new OutputBuffer()
    out.committed = this.committed
    out.pending = this.pending
    out.cached = this.cached
    this.clear()
    return out
  }
}
