/**
 * What the runner promises its callers: the callbacks it asks the operator through, and the results it returns.
 * runner.ts and index.ts re-export these; the flight and its judges use them without importing the runner.
 */
import type { PedRequest, SecretId } from '../../shared/lunash/commands/spec'
import type { LunashError } from '../../shared/lunash/parse/common'
import type { Screen } from '../../shared/lunash/screen'
import type { FieldError } from '../../shared/lunash/validate'

export type RunStatus = 'done' | 'failed' | 'unknown'

export interface ConfirmRequest {
  commandId: string
  title: string
  /** The command line that is waiting. */
  command: string
  /** The appliance's own question, as it printed it. */
  question: string
  destructive: boolean
  /** What happens if the operator goes ahead. */
  warning: string
  /** For destructive prompts, the text the operator must type (the label, or `proceed`). */
  mustType?: string
}

/** The operator's answer. For a destructive prompt `typed` must equal `mustType`, or the runner sends `quit`. */
export interface ConfirmAnswer {
  proceed: boolean
  typed?: string
}

export interface SecretRequest {
  commandId: string
  secret: SecretId
  /** True when the appliance asks for the same secret a second time to confirm it. */
  again: boolean
  /** The appliance's prompt, e.g. `Please enter a password for the partition:`. */
  prompt: string
  /** The command's fields (partition name, label), so the provider can pick the keychain item. */
  fields: unknown
}

export interface PedNotice extends PedRequest {
  commandId: string
}

export interface RunCallbacks {
  /** Asked at every `proceed`/`quit` question. The runner never answers `proceed` on its own. */
  confirm(request: ConfirmRequest): Promise<ConfirmAnswer>
  /** Asked at password prompts; the answer is typed and never logged or kept in the transcript. */
  secret(request: SecretRequest): Promise<string>
  /** A PED operation started: show the key colour and role. The runner waits for the appliance. */
  ped(notice: PedNotice): void
  /**
   * The console is not at the lunash prompt (a question is open, a line is half typed, a serial line is quiet), so
   * nothing is typed: the operator answers or cancels it in the console, or aborts the step. Called again whenever
   * what is pending changes, and with undefined when the prompt is back and the runner goes on.
   * Without it (no operator, e.g. the CLI) the run ends at once as failed, nothing sent.
   */
  pending?(screen: Screen | undefined): void
}

export interface Interaction {
  kind: 'confirm' | 'password' | 'ped' | 'answer' | 'unexpected'
  /** `proceed`, `quit`, `secret <id>`, `ctrl-c`, or the PED operation. */
  answer: string
}

export interface RunResult<Facts = unknown> {
  status: RunStatus
  commandId: string
  /** The line typed (empty for attended flows). */
  command: string
  /** A sentence for the operator: what happened and, when not done, what to do. */
  reason: string
  /** From `Command Result : N (text)`. */
  resultCode?: number
  resultText?: string
  facts?: Facts
  /** The `Error:  '<cmd>' failed. (<code> : <NAME>)` details when lunash printed them. */
  error?: LunashError
  /** Validation errors: nothing was sent. */
  fieldErrors?: FieldError[]
  interactions: Interaction[]
  /** The host in the prompt after the command (it changes after `network hostname`). */
  promptHost?: string
  /** The output is not from a seen appliance transcript; flag the evidence. */
  unverified?: boolean
  /** What the session showed during the command, normalised, with every secret replaced by `********`. */
  transcript: string
  durationMs: number
}

export interface StepResult<Facts = unknown> extends RunResult<Facts> {
  readBack?: { result: RunResult; evidence?: string }
}

export interface RunnerOptions {
  /** What the console already shows when the runner attaches (output it did not see arrive). */
  screen?: string
  /** How long a console that shows nothing may stay quiet before the operator is asked to wake it. */
  wakeNoticeMs?: number
  /** How long a prompt must stay quiet before the runner treats it as waiting for an answer. */
  promptQuietMs?: number
  /** After Ctrl-C, how long to wait for the prompt to come back. */
  resyncMs?: number
}

export interface RunOverrides {
  timeoutMs?: number
  capMs?: number
}
