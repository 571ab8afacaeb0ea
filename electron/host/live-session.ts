/** A console the host keeps open for one transport client, and what the request handlers may ask of them. */
import type { Result, SessionRetry } from '../../shared/api'
import type { ConsoleSession } from '../sessions/session'

export interface LiveSession {
  client: string
  session?: ConsoleSession
  ended: boolean
  profileId: string
  cols: number
  rows: number
  /** The renderer asked to close it (a close during a reconnection closes the reopened session too). */
  closeRequested?: boolean
  /** Set before an interface change: the next drop reopens the session to the appliance's new address. */
  reopen?: { address: string; password: string | undefined; saveProfile: boolean }
  /** The link dropped and the host is reconnecting: the attempt under way (sent with 'connecting' statuses). */
  retry?: SessionRetry
  /** Ends the wait before the next reconnection attempt (the operator cancelled, or the host is closing). */
  cancelRetry?: () => void
  /** The console's transcript file: a reconnection goes on writing it. */
  transcript?: string
}

/** The host's open consoles, as the request handlers see them. */
export interface LiveSessions {
  open(client: string, profileId: string, cols: number, rows: number): Promise<Result<'sessions.open'>>
  /** The client's open console, or a 'not-found' error the operator can act on. */
  get(sessionId: string, client: string): LiveSession & { session: ConsoleSession }
  /** The client's console if the host still knows it (it may have just ended). */
  find(sessionId: string, client: string): LiveSession | undefined
}
