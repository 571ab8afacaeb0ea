/**
 * Hands console output to xterm.js one write at a time, merging what arrived meanwhile into that write (up to
 * a cap). xterm.js pays per write: measured in Chromium here, 20 MiB written in 64 KiB pieces took about twice
 * as long as in 1 MiB pieces. So pieces stay small while the terminal keeps up (the echo of a keystroke goes out
 * at once) and grow only when a flood queues behind a write in progress.
 */

export interface CoalescerOptions {
  /** xterm's write: `done` runs once the data has been parsed. */
  write(data: string, done: () => void): void
  /** The characters of host output just written, to acknowledge to the host. */
  written(chars: number): void
  /** The largest merged write: xterm parses one write without yielding, so this bounds a frame's delay. */
  maxChars?: number
}

export interface WriteCoalescer {
  /** Output from the host, acknowledged once written. */
  push(data: string): void
  /** Text of the console's own (a "[Disconnected]" line): written in order after the output, not acknowledged. */
  pushLocal(text: string): void
  /** Characters waiting for the terminal. */
  readonly queued: number
}

interface Piece {
  text: string
  /** Host output, to be acknowledged (local text is not). */
  acked: boolean
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
    const acked = queue[0]!.acked
    let take = 0
    let chars = 0
    while (
      take < queue.length &&
      queue[take]!.acked === acked &&
      (take === 0 || chars + queue[take]!.text.length <= maxChars)
    )
      chars += queue[take++]!.text.length
    const data =
      take === 1
        ? queue[0]!.text
        : queue
            .slice(0, take)
            .map((p) => p.text)
            .join('')
    queue = queue.slice(take)
    queued -= chars
    options.write(data, () => {
      if (acked) options.written(chars)
      next()
    })
  }

  const enqueue = (piece: Piece): void => {
    if (!piece.text) return
    queue.push(piece)
    queued += piece.text.length
    if (!writing) next()
  }

  return {
    push: (text) => enqueue({ text, acked: true }),
    pushLocal: (text) => enqueue({ text, acked: false }),
    get queued() {
      return queued
    },
  }
}
