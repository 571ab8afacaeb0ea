import type { SessionState } from '../../shared/api'
import type { SealMark } from './transcript-seal'

export type SessionSignal = 'break' | 'dtr-on' | 'dtr-off' | 'rts-on' | 'rts-off'
export interface SignalResult {
  applied: boolean
  message: string
}

/**
 * Why a session ended, when the transport can tell: `lost` means the link went down under a working console
 * (a reset, a keepalive timeout, the server hanging up without the shell exiting), which the host may repair by
 * reconnecting. An operator's close, a logout, a refused login or a refused host key are never `lost`.
 */
export type SessionEnd = 'lost'

/** Where a session sends what the operator should see. */
export interface SessionSink {
  /** Terminal output, already batched; the renderer acknowledges it with `ack`. */
  data(text: string): void
  status(state: SessionState, message?: string, end?: SessionEnd): void
  /** The session's transcript stopped, or could not start: why, in words for the operator. */
  transcriptStopped?(message: string): void
}

/** One live console, whatever the transport (SSH, serial, local pty). */
export interface ConsoleSession {
  readonly title: string
  readonly kind?: 'ssh' | 'serial' | 'local'
  /** Keystrokes or pasted text from the terminal. */
  write(data: string): void
  /** A secret answer typed on the operator's behalf (the command runner): never echoed locally or recorded. */
  writeSecret?(data: string): void
  resize(cols: number, rows: number): void
  /** The renderer has written this many characters of output. */
  ack(chars: number): void
  close(): void
  /** BREAK and modem lines (serial only). */
  signal?(signal: SessionSignal): Promise<SignalResult>
  /** Observes output text as it goes to the terminal. Returns an unsubscribe. */
  tap?(listener: (text: string) => void): () => void
  /**
   * Adds a line of Rackside's own to the console's record (a guided step's outcome, a sign-off), sealed at once:
   * the seal, or undefined when the console keeps no record.
   */
  note?(text: string): SealMark | undefined
}
