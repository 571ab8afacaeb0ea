import type { SessionState } from '../../shared/api'

/** Where a session sends what the operator should see. */
export interface SessionSink {
  /** Terminal output, already batched; the renderer acknowledges it with `ack`. */
  data(text: string): void
  status(state: SessionState, message?: string): void
}

/** One live console, whatever the transport (SSH today; serial and local pty next). */
export interface ConsoleSession {
  readonly title: string
  /** Keystrokes or pasted text from the terminal. */
  write(data: string): void
  resize(cols: number, rows: number): void
  /** The renderer has written this many characters of output. */
  ack(chars: number): void
  close(): void
}
