import type { SessionState } from '../../shared/api'

export type SessionSignal = 'break' | 'dtr-on' | 'dtr-off' | 'rts-on' | 'rts-off'
export interface SignalResult {
  applied: boolean
  message: string
}

/** Where a session sends what the operator should see. */
export interface SessionSink {
  /** Terminal output, already batched; the renderer acknowledges it with `ack`. */
  data(text: string): void
  status(state: SessionState, message?: string): void
}

/** One live console, whatever the transport (SSH, serial, local pty). */
export interface ConsoleSession {
  readonly title: string
  readonly kind?: 'ssh' | 'serial' | 'local'
  /** Keystrokes or pasted text from the terminal. */
  write(data: string): void
  resize(cols: number, rows: number): void
  /** The renderer has written this many characters of output. */
  ack(chars: number): void
  close(): void
  /** BREAK and modem lines (serial only). */
  signal?(signal: SessionSignal): Promise<SignalResult>
  /** Observes output text as it goes to the terminal. Returns an unsubscribe. */
  tap?(listener: (text: string) => void): () => void
}
