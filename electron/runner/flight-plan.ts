/**
 * The shapes a flight is made of: its states, the plan it flies and what it asks of the runner that owns the
 * console.
 */
import type { Channel } from './channel'
import type { OutputBuffer } from './output-buffer'
import type { RunCallbacks } from './types'
import type { AnyCommand } from '../../shared/lunash/commands/spec'

/**
 * - `prompt`: nothing typed yet; waiting for a clean lunash prompt (or the operator, when the screen shows else);
 * - `echo`: the line is typed; waiting for its echo;
 * - `output`: reading the command's output, answering the row's questions;
 * - `resync`: Ctrl-C or quit was sent; waiting for the prompt to come back;
 * - `done`: the result is out.
 */
export type FlightState = 'prompt' | 'echo' | 'output' | 'resync' | 'done'

export interface FlightTiming {
  /** How long a prompt must stay quiet before it is acted on. */
  promptQuietMs: number
  /** After Ctrl-C or quit, how long to wait for the prompt to come back. */
  resyncMs: number
  /** How long a console that shows nothing may stay quiet before the operator is asked to wake it. */
  wakeNoticeMs: number
}

/** What a flight asks of the runner that owns the console. */
export interface FlightHost {
  readonly channel: Channel
  /** Why the console closed, once it has. */
  closedReason(): string | undefined
  /** The host in the last lunash prompt seen (it changes after `network hostname`). */
  lastPromptHost(): string | undefined
  /** A lunash prompt was seen with this host. */
  learnPrompt(host: string | undefined): void
  /** Session output arrived ('' when the console closed). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** What the flight waits for changed: tell the busy listeners. */
  changed(): void
  /** The flight is over; `screen` is what the console shows now, where the next run starts looking. */
  landed(screen: string): void
}

export interface FlightPlan {
  spec: AnyCommand
  /** The line to type (empty for attended flows). */
  line: string
  fields: unknown
  callbacks: RunCallbacks
  /** What the console shows, and then everything it shows during the run. */
  buffer: OutputBuffer
  timeoutMs: number
  capMs: number
  timing: FlightTiming
  /** When the run was asked for (Date.now()). */
  started: number
}
