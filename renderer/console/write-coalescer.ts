/**
 * Hands console output to xterm.js one write at a time, merging what arrived meanwhile into that write (up to
 * a cap). xterm.js pays per write: measured in Chromium here, 20 MiB written in 64 KiB pieces took about twice
 * as long as in 1 MiB pieces. So pieces stay small while the terminal keeps up (the echo of a keystroke goes out
 * at once) and grow only when a flood queues behind a write in progress.
 */

/** Output as text, or as UTF-8 bytes (the browser host hands them over as they came; xterm.js parses both). */
export type Output = string | Uint8Array

export interface CoalescerOptions {
  /** xterm's write: `done` runs once the data has been parsed. */
  write(data: Output, done: () => void): void
  /** The characters of host output just written, to acknowledge to the host. */
  written(chars: number): void
  /** The largest merged write, in characters: xterm parses one write without yielding, so this bounds a frame's delay. */
  maxChars?: number
}

export interface WriteCoalescer {
  /** Output from the host, acknowledged once written: `chars` is its length as the host counts it. */
  push(data: Output, chars?: number): void
  /** Text of the console's own (a "[Disconnected]" line): written in order after the output, not acknowledged. */
  pushLocal(text: string): void
  /** Characters waiting for the terminal. */
  readonly queued: number
}

interface Piece {
  data: Output
  chars: number
  /** Host output, to be acknowledged (local text is not). */
  acked: boolean
}

/** Pieces that may go out in one write: both acknowledged or both not, and both text or both bytes. */
const sameKind = (a: Piece, b: Piece) => a.acked === b.acked && typeof a.data === typeof b.data

function merge(pieces: Piece[]): Output {
  if (pieces.length === 1) return pieces[0]!.data
  if (typeof pieces[0]!.data === 'string') return pieces.map((p) => p.data as string).join('')
  const bytes = pieces.map((p) => p.data as Uint8Array)
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const b of bytes) {
    out.set(b, at)
    at += b.length
  }
  return out
}

export function writeCoalescer(options: CoalescerOptions): WriteCoalescer {
  const maxChars = options.maxChars ?? 1024 * 1024
  let queue: Piece[] = []
  let queued = 0
  let writing = false

  const next = (): void => {
    if (queue.length === 0) {
      writing = false
      return
    }
    writing = true
    const first = queue[0]!
    let take = 0
    let chars = 0
    while (
      take < queue.length &&
      sameKind(queue[take]!, first) &&
      (take === 0 || chars + queue[take]!.chars <= maxChars)
    )
      chars += queue[take++]!.chars
    const data = merge(queue.slice(0, take))
    queue = queue.slice(take)
    queued -= chars
    options.write(data, () => {
      if (first.acked) options.written(chars)
      next()
    })
  }

  const enqueue = (piece: Piece): void => {
    if (piece.data.length === 0) return
    queue.push(piece)
    queued += piece.chars
    if (!writing) next()
  }

  return {
    push: (data, chars) => enqueue({ data, chars: chars ?? data.length, acked: true }),
    pushLocal: (text) => enqueue({ data: text, chars: text.length, acked: false }),
    get queued() {
      return queued
    },
  }
}
