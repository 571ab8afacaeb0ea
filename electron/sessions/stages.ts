/**
 * Small stream stages a console session pushes its output through (Tabby-style): each does one thing and
 * knows nothing about the transport, so serial, SSH and local terminals share them.
 *
 *   transport bytes → utf8Decoder → outputBatcher → flowGate (counts what is in flight) → renderer
 */
import { StringDecoder } from 'node:string_decoder'

/** Turns bytes into text without ever splitting a multi-byte UTF-8 character across two chunks. */
export function utf8Decoder(): { push(chunk: Buffer): string; end(): string } {
  const decoder = new StringDecoder('utf8')
  return {
    push: (chunk) => decoder.write(chunk),
    end: () => decoder.end(),
  }
}

export interface BatcherOptions {
  /** How long to wait for more output before sending what has arrived. */
  maxDelayMs: number
  /** Send at once when this many characters are waiting. */
  maxChars: number
  emit(text: string): void
}

/**
 * Coalesces many small chunks into few larger ones: at most one message per ~8 ms, or per maxChars. After a quiet
 * spell, or while the output is interactive (small echoes and prompts), a chunk goes out on the next turn of the
 * event loop, so a keystroke's echo is never held for the window; a flood is gathered into large messages.
 */
export function outputBatcher(options: BatcherOptions): {
  push(text: string): void
  flush(): void
  dispose(): void
} {
  let pending: string[] = []
  let size = 0
  let cancel: (() => void) | undefined
  let lastEmit = -Infinity
  /** The size of the last message: small ones (echo, prompts) mean interactive use, not a flood. */
  let lastSize = 0

  const flush = (): void => {
    cancel?.()
    cancel = undefined
    if (size === 0) return
    lastEmit = performance.now()
    lastSize = size
    const text = pending.join('')
    pending = []
    size = 0
    options.emit(text)
  }

  return {
    push(text) {
      if (text.length === 0) return
      pending.push(text)
      size += text.length
      if (size >= options.maxChars) return flush()
      if (cancel) return
      const interactive = lastSize < 4096 && size < 4096
      const wait = interactive ? 0 : options.maxDelayMs - (performance.now() - lastEmit)
      if (wait <= 0) {
        const immediate = setImmediate(flush)
        cancel = () => clearImmediate(immediate)
      } else {
        const timer = setTimeout(flush, wait)
        cancel = () => clearTimeout(timer)
      }
    },
    flush,
    dispose() {
      cancel?.()
      cancel = undefined
      pending = []
      size = 0
    },
  }
}

export interface FlowGateOptions {
  /** Pause the source when more than this many characters are unacknowledged. */
  highWater: number
  /** Resume it when the renderer has caught up to this many. */
  lowWater: number
  pause(): void
  resume(): void
}

/**
 * Acknowledgement-based back-pressure: counts characters sent to the renderer and not yet written to its
 * terminal; pauses the source above the high-water mark and resumes it below the low-water mark.
 */
export function flowGate(options: FlowGateOptions): {
  sent(chars: number): void
  ack(chars: number): void
  readonly inFlight: number
  readonly paused: boolean
} {
  let inFlight = 0
  let paused = false
  return {
    sent(chars) {
      inFlight += chars
      if (!paused && inFlight > options.highWater) {
        paused = true
        options.pause()
      }
    },
    ack(chars) {
      inFlight = Math.max(0, inFlight - chars)
      if (paused && inFlight <= options.lowWater) {
        paused = false
        options.resume()
      }
    },
    get inFlight() {
      return inFlight
    },
    get paused() {
      return paused
    },
  }
}

export interface OutputPipelineOptions {
  emit(text: string): void
  pause(): void
  resume(): void
  maxDelayMs?: number
  maxChars?: number
  highWater?: number
  lowWater?: number
}

export interface OutputPipeline {
  /** Bytes from the transport. */
  pushBytes(chunk: Buffer): void
  /** Text produced by the session itself (status lines, a password prompt). */
  pushText(text: string): void
  /** The renderer wrote this many characters. */
  ack(chars: number): void
  /** Sends what the batcher holds now (complete characters only). */
  flush(): void
  /** Observes the text as it leaves the pipeline (a command read-back, a fingerprint). Returns an unsubscribe. */
  tap(listener: (text: string) => void): () => void
  /** Sends whatever is waiting, including an incomplete UTF-8 tail. */
  end(): void
  dispose(): void
  readonly inFlight: number
  readonly paused: boolean
}

/**
 * Messages of up to 1 MiB, and up to 4 MiB unacknowledged before the source is paused (Tabby: 100 KB / 500 KB).
 * xterm.js parses large writes far faster than small ones (20 MiB in 1 MiB writes took half the time of 64 KiB
 * writes, measured in Chromium), and enough in flight keeps the acknowledgement round trip from starving it; a
 * flood still cannot pile up. Interactive output is not held for these: see outputBatcher.
 */
export const outputDefaults = {
  maxDelayMs: 8,
  maxChars: 1024 * 1024,
  highWater: 4 * 1024 * 1024,
  lowWater: 2 * 1024 * 1024,
}

/** The standard output stack every console session uses. */
export function outputPipeline(options: OutputPipelineOptions): OutputPipeline {
  const o = { ...outputDefaults, ...options }
  const decoder = utf8Decoder()
  const gate = flowGate({ highWater: o.highWater, lowWater: o.lowWater, pause: o.pause, resume: o.resume })
  const taps = new Set<(text: string) => void>()
  const batcher = outputBatcher({
    maxDelayMs: o.maxDelayMs,
    maxChars: o.maxChars,
    emit(text) {
      gate.sent(text.length)
      o.emit(text)
      for (const tap of taps) tap(text)
    },
  })
  return {
    pushBytes: (chunk) => batcher.push(decoder.push(chunk)),
    pushText: (text) => batcher.push(text),
    ack: (chars) => gate.ack(chars),
    flush: () => batcher.flush(),
    tap(listener) {
      taps.add(listener)
      return () => void taps.delete(listener)
    },
    end() {
      batcher.push(decoder.end())
      batcher.flush()
    },
    dispose: () => batcher.dispose(),
    get inFlight() {
      return gate.inFlight
    },
    get paused() {
      return gate.paused
    },
  }
}
