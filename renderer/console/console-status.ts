/** What a console tells the page about itself: its state, what it is connected to, and the host-key question. */
import type { SessionState } from '../../shared/api'

/** What the host said about an SSH server's key on first contact. */
export interface HostKeyQuestion {
  host: string
  port: number
  fingerprint: string
  algorithm: string
}
export type HostKeyAnswer = 'once' | 'remember' | 'cancel'

export interface ConsoleStatus {
  state: SessionState
  message: string
  title?: string
  /** What kind of console (serial ones get BREAK/DTR/RTS and key pinning). */
  kind?: 'demo' | 'ssh' | 'serial' | 'local'
  /** The transcript file of this session. */
  transcript?: string
  /** Why the transcript stopped or never started (the console goes on without it). */
  transcriptStopped?: string
  /** The appliance the lunash prompt names (`[hsm-rack-07] lunash:>`), once it has shown one. */
  appliance?: string
  /** The software version the appliance printed and the era the guided steps speak (`pinned` by the profile). */
  software?: { version: string | null; era: number | null; pinned: boolean }
  /** The link dropped and the host is reconnecting: which attempt, and when it starts (Date.now() clock). */
  retry?: { attempt: number; attempts: number; startsAt: number }
}

/** The cause in the host's "… Reconnecting in 4 s (attempt 2 of 5)…": the countdown is shown live instead. */
export const retryCause = (message: string): string =>
  message.replace(/\s*Reconnecting in \d+ s \(attempt \d+ of \d+\)…$/, '')
