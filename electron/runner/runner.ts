/**
 * The command runner: drives lunash inside a live console session the way an expert types (DESIGN.md,
 * "The command runner"). Generic and small: what to type, which prompts to answer and how to read the
 * output all come from the command rows in shared/lunash/commands.
 */
import type { Channel } from './channel'
import { OutputBuffer } from './output-buffer'
import {
  build,
  describePed,
  type AnyCommand,
  type PedRequest,
  type PromptSpec,
  type SecretId,
} from '../../shared/lunash/commands/spec'
import { parseLunashError, type LunashError } from '../../shared/lunash/parse/common'
import { classifyScreen, describeScreen, type Screen } from '../../shared/lunash/screen'
import type { FieldError } from '../../shared/lunash/validate'

/** How much idle output (characters) is kept for the first-login step and the prompt check. */
const IDLE_KEEP = 64 * 1024
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

export class RunnerBusyError extends Error {
  readonly code = 'busy'
  constructor(running: string) {
    super(
      `Another command is running in this console (${running}). Wait for it to finish, or abort it first.`,
    )
    this.name = 'RunnerBusyError'
  }
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

// `[host] lunash:>` as the last thing in the buffer: the shell is waiting for a command.
const PROMPT_AT_END = /(?:^|\n)[^\n]*?\[([^\]\n]*)\] ?lunash:>[ \t]*$/
const RESULT_THEN_PROMPT =
  /Command Result ?: ?(\d+)(?: \(([^)\n]*)\))?[^\n]*\n(?:[ \t]*\n)*[^\n]*?\[([^\]\n]*)\] ?lunash:>[ \t]*$/
// Questions a command row did not declare: never answered with proceed or a secret.
const ANY_CONFIRM = /type '?proceed'?/i
const ANY_SECRET = /(?:password|cloning domain|PIN)[^\n]*:[ \t]*(?:\n[ \t]*>[ \t]*)?$/i
/** After a question: at most the rest of its paragraph (`to quit now.`), then the `>` input marker or nothing. */
const isWaiting = (after: string): boolean =>
  after.split('\n').length <= 4 &&
  !/Command Result|lunash:>/.test(after) &&
  /(?:^|[>:.'\n])[ \t]*$/.test(after)
const CTRL_C = '\x03'
const REDACTED = '********'

/** Everything one run needs while it is in flight. */
interface Flight {
  spec: AnyCommand
  line: string
  buffer: OutputBuffer
  /** Index in the buffer text where the command's output starts (after the echo). */
  outputFrom: number | undefined
  /** Prompts before this index are handled. */
  consumed: number
  answered: Map<number, number>
  secrets: Map<SecretId, string>
  interactions: Interaction[]
  waitingOnOperator: boolean
  /** The console is not at the lunash prompt and nothing was typed: the operator has it. */
  pending: Screen | undefined
  pedWaiting: boolean
  aborted: boolean
  declined: boolean
  /** Rejects the question the operator is being asked (abort). */
  cancelOperator: (() => void) | undefined
  /** Stops the command now: Ctrl-C and back to the prompt (abort). */
  interrupt(): void
  finish(status: RunStatus, reason: string, extra?: Partial<RunResult>): void
}

export class CommandRunner {
  private prompt: string | undefined
  private closedReason: string | undefined
  private flight: Flight | undefined
  /**
   * What the session showed while no command ran, kept raw: normalising it is only worth doing when a command
   * starts, not for every chunk of a 20 MB burst the operator caused.
   */
  private idleRaw = ''
  private readonly busyListeners = new Set<(busy: boolean, command?: string, waiting?: Screen) => void>()
  private readonly dataListeners = new Set<(text: string) => void>()
  private readonly promptQuietMs: number
  private readonly resyncMs: number
  private readonly wakeNoticeMs: number
  private unsubscribe: (() => void)[]

  constructor(
    private readonly channel: Channel,
    options: RunnerOptions = {},
  ) {
    this.promptQuietMs = options.promptQuietMs ?? 60
    this.resyncMs = options.resyncMs ?? 3_000
    this.wakeNoticeMs = options.wakeNoticeMs ?? 1_500
    this.idleRaw = options.screen ?? ''
    this.unsubscribe = [
      channel.onData((text) => {
        if (this.flight) this.flight.buffer.push(text)
        else this.keepIdle(text)
        for (const l of [...this.dataListeners]) l(text)
      }),
      channel.onClose((reason) => {
        this.closedReason = reason
        for (const l of [...this.dataListeners]) l('')
      }),
    ]
  }

  /** Detaches from the session (it is closing). A command still running ends as unknown. */
  dispose(): void {
    for (const off of this.unsubscribe) off()
    this.unsubscribe = []
    this.closedReason ??= 'The console was closed.'
    for (const l of [...this.dataListeners]) l('')
  }

  /** True while a command runs: the console should block the operator's typing and say why. */
  get busy(): boolean {
    return this.flight !== undefined
  }

  /**
   * Set while a run waits for the operator at a question it did not raise (nothing typed yet): the operator's
   * keyboard is theirs meanwhile.
   */
  get waiting(): Screen | undefined {
    return this.flight?.pending
  }

  /** The command line running now, for the "automation running" notice. */
  get running(): string | undefined {
    return this.flight ? this.flight.line || this.flight.spec.title : undefined
  }

  /** The host shown in the last prompt seen (`[host] lunash:>`). */
  get promptHost(): string | undefined {
    return this.prompt
  }

  /** Busy or not, the command, and (while nothing is typed yet) what the console waits for instead. */
  onBusyChange(listener: (busy: boolean, command?: string, waiting?: Screen) => void): () => void {
    this.busyListeners.add(listener)
    return () => this.busyListeners.delete(listener)
  }

  /**
   * Stops the running command: answers `quit` if a confirmation is waiting, otherwise sends Ctrl-C.
   * The command then ends as failed (if lunash reports it) or unknown.
   */
  abort(): void {
    const f = this.flight
    if (!f || f.aborted) return
    f.aborted = true
    f.interactions.push({ kind: 'unexpected', answer: 'abort' })
    if (f.waitingOnOperator)
      f.cancelOperator?.() // a confirmation then answers quit, a password prompt gets Ctrl-C
    else f.interrupt()
  }

  /** Runs one command row, then its read-back: done only when the appliance's state proves the change. */
  async runStep<F>(
    spec: AnyCommand,
    fields: F,
    callbacks: RunCallbacks,
    overrides: RunOverrides = {},
  ): Promise<StepResult> {
    const result: StepResult = await this.run(spec, fields, callbacks, overrides)
    if (result.status === 'done' && spec.dropsSession)
      return {
        ...result,
        status: 'unknown',
        reason: `unknown — re-verify: ${result.command} restarts the link this session uses. Reconnect (to the new address if it changed) and run the read-back there.`,
      }
    if (result.status !== 'done' || !spec.readBack) return result
    const check = await this.verify(spec, fields, callbacks)
    return { ...result, status: check.status, reason: check.reason, readBack: check.readBack }
  }

  /**
   * Only the read-back of a command row: proves (or not) that the appliance holds the state the row sets.
   * After a command that drops the session (`dropsSession`, e.g. an interface change), reconnect and call this
   * on the new session's runner.
   */
  async verify<F>(
    spec: AnyCommand,
    fields: F,
    callbacks: RunCallbacks,
  ): Promise<{ status: RunStatus; reason: string; readBack?: StepResult['readBack'] }> {
    const rb = spec.readBack
    if (!rb)
      return {
        status: 'unknown',
        reason: `unknown — re-verify: ${spec.id} has no read-back; check it by eye.`,
      }
    const read = await this.run(rb.command, rb.fields(fields), callbacks)
    if (read.status !== 'done')
      return {
        status: 'unknown',
        reason: `unknown — re-verify: the read-back (${read.command}) did not complete: ${read.reason}`,
        readBack: { result: read },
      }
    const proof = rb.proves(
      read.facts,
      fields,
      read.promptHost === undefined ? {} : { promptHost: read.promptHost },
    )
    if (!proof.proven)
      return {
        status: 'failed',
        reason: `The read-back does not show the change: ${proof.reason}`,
        readBack: { result: read },
      }
    return {
      status: 'done',
      reason: `Done: ${proof.evidence}.`,
      readBack: { result: read, evidence: proof.evidence },
    }
  }

  /** Runs one command row and parses its output. Refuses (throws RunnerBusyError) while another command runs. */
  run<F>(
    spec: AnyCommand,
    fields: F,
    callbacks: RunCallbacks,
    overrides: RunOverrides = {},
  ): Promise<RunResult> {
    if (this.flight) throw new RunnerBusyError(this.running ?? 'a command')
    const started = Date.now()
    const base = { commandId: spec.id, interactions: [], transcript: '', durationMs: 0 }

    // An attended flow types nothing of its own, but the answers it gives are fields and are validated too.
    const built = build(spec, fields)
    if (!built.ok)
      return Promise.resolve({
        ...base,
        command: '',
        status: 'failed',
        fieldErrors: built.error,
        reason: `Nothing was sent: ${built.error.map((e) => e.message).join(' ')}`,
      })
    if (this.closedReason !== undefined)
      return Promise.resolve({
        ...base,
        command: built.value,
        status: 'failed',
        reason: `Nothing was sent: the console is closed (${this.closedReason}). Reconnect and run it again.`,
      })

    return new Promise<RunResult>((resolve) => {
      const timeoutMs = overrides.timeoutMs ?? spec.timeoutMs
      const capMs = overrides.capMs ?? spec.capMs
      let inactivity: ReturnType<typeof setTimeout> | undefined
      let cap: ReturnType<typeof setTimeout> | undefined
      let quiet: ReturnType<typeof setTimeout> | undefined
      let capLeft = capMs
      let capArmedAt = Date.now()
      let sent = false
      let phase: 'prompt' | 'echo' | 'output' | 'resync' | 'done' = 'prompt'
      const subscription: { off?: () => void } = {}

      const clearTimers = (): void => {
        clearTimeout(inactivity)
        clearTimeout(cap)
        clearTimeout(quiet)
      }
      const armInactivity = (): void => {
        clearTimeout(inactivity)
        if (phase === 'done' || flight.waitingOnOperator || flight.pedWaiting || flight.pending) return
        inactivity = setTimeout(() => onTimeout('inactivity'), phase === 'resync' ? this.resyncMs : timeoutMs)
      }
      const pauseCap = (): void => {
        clearTimeout(cap)
        capLeft -= Date.now() - capArmedAt
      }
      const resumeCap = (): void => {
        capArmedAt = Date.now()
        cap = setTimeout(() => onTimeout('cap'), Math.max(0, capLeft))
      }

      const flight: Flight = {
        spec,
        line: built.value,
        buffer: spec.attend ? this.takeIdle() : new OutputBuffer(),
        outputFrom: spec.attend ? 0 : undefined,
        consumed: 0,
        answered: new Map(),
        secrets: new Map(),
        interactions: [],
        waitingOnOperator: false,
        pending: undefined,
        pedWaiting: false,
        aborted: false,
        declined: false,
        cancelOperator: undefined,
        interrupt: () => {
          if (phase === 'done' || phase === 'resync') return
          if (!sent) flight.finish('failed', 'Aborted before the command was typed; nothing was sent.')
          else
            startResync(
              'unknown — re-verify: aborted by the operator while the command ran; Ctrl-C was sent.',
            )
        },
        finish: (status, reason, extra = {}) => {
          if (phase === 'done') return
          phase = 'done'
          clearTimers()
          subscription.off?.()
          const promptHost = extra.promptHost ?? this.prompt
          const result: RunResult = {
            ...base,
            status,
            command: built.value,
            reason,
            interactions: flight.interactions,
            transcript: this.redact(flight),
            durationMs: Date.now() - started,
            ...extra,
          }
          if (promptHost !== undefined) result.promptHost = promptHost
          if (spec.unverified) result.unverified = true
          if (flight.pending) callbacks.pending?.(undefined)
          // What the console shows now is where the next run starts looking: the last line (a prompt, or not).
          this.idleRaw = lastLine(flight.buffer.text)
          this.flight = undefined
          this.emitBusy()
          resolve(result)
        },
      }
      if (!spec.attend) flight.buffer.push(this.takeIdle().text)
      this.flight = flight
      this.emitBusy()

      const onTimeout = (which: 'inactivity' | 'cap'): void => {
        if (phase === 'done') return
        if (!sent) {
          flight.finish(
            'failed',
            `Nothing was sent: the lunash prompt did not appear within ${timeoutMs / 1000} s.`,
          )
          return
        }
        if (phase === 'resync') {
          flight.finish('unknown', resyncReason)
          return
        }
        const why =
          which === 'cap'
            ? `the command did not finish within its limit of ${Math.round(capMs / 1000)} s`
            : `the appliance sent nothing for ${Math.round(timeoutMs / 1000)} s`
        startResync(`unknown — re-verify: ${why}. Ctrl-C was sent to get the prompt back.`)
      }

      let resyncReason = ''
      const startResync = (reason: string): void => {
        resyncReason = reason
        phase = 'resync'
        flight.interactions.push({ kind: 'unexpected', answer: 'ctrl-c' })
        this.channel.write(CTRL_C)
        clearTimeout(cap)
        armInactivity()
      }

      const onData = (): void => {
        if (phase === 'done') return
        if (this.closedReason !== undefined) {
          flight.finish(
            sent ? 'unknown' : 'failed',
            sent
              ? `unknown — re-verify: the connection was lost while the command ran (${this.closedReason}). Reconnect and check the appliance's state.`
              : `Nothing was sent: the connection closed (${this.closedReason}).`,
          )
          return
        }
        flight.pedWaiting = false
        // Something arrived on a quiet line the operator was asked to wake: the attended flow goes on.
        if (phase === 'output' && flight.pending?.kind === 'empty') setPending(undefined)
        armInactivity()
        step()
      }

      /** Tells the operator what the console waits for (or that it no longer does); no timeout counts meanwhile. */
      const setPending = (screen: Screen | undefined): void => {
        const was = flight.pending
        if (was?.kind === screen?.kind && was?.text === screen?.text && was?.typed === screen?.typed) return
        flight.pending = screen
        if (screen && !was) {
          clearTimeout(inactivity)
          pauseCap()
        } else if (!screen && was) {
          resumeCap()
          armInactivity()
        }
        callbacks.pending?.(screen)
        this.emitBusy()
      }

      /**
       * Before anything is typed: type only at a clean lunash prompt. Anything else goes to the operator, and
       * nothing is sent — not even an Enter to see the prompt, which an open password question would take as an
       * empty password (one login attempt fewer; an HSM zeroizes after three).
       */
      let wakeTimer: ReturnType<typeof setTimeout> | undefined
      const considerScreen = (): void => {
        const screen = classifyScreen(flight.buffer.tail(8192))
        clearTimeout(quiet)
        if (screen.kind === 'lunash') {
          // Type once the prompt has stayed the last thing shown for a moment (a late line may follow it).
          const length = flight.buffer.text.length
          quiet = setTimeout(
            () => {
              if (phase !== 'prompt' || flight.buffer.text.length !== length) return
              this.prompt = screen.host
              setPending(undefined)
              typeCommand()
            },
            flight.pending ? this.promptQuietMs : 0,
          )
          return
        }
        if (screen.kind === 'empty') {
          // A console that has printed nothing yet: SSH prints its prompt in a moment; a serial line stays quiet
          // until someone presses Enter, and that someone must be the operator.
          if (!callbacks.pending || flight.pending || wakeTimer) return
          wakeTimer = setTimeout(() => {
            if (phase !== 'prompt' && !(spec.attend && phase === 'output')) return
            if (classifyScreen(flight.buffer.tail(8192)).kind === 'empty') setPending(screen)
          }, this.wakeNoticeMs)
          return
        }
        // Decide only once the screen has settled: a prompt may be arriving a few bytes at a time.
        const length = flight.buffer.text.length
        quiet = setTimeout(
          () => {
            if (phase !== 'prompt' || flight.buffer.text.length !== length) return
            if (!callbacks.pending) {
              flight.finish(
                'failed',
                `Nothing was sent: ${describeScreen(screen)}. Answer or cancel it in the console, then run the step again.`,
              )
              return
            }
            setPending(screen)
          },
          flight.pending ? 0 : this.promptQuietMs * 4,
        )
      }

      const step = (): void => {
        const text = flight.buffer.text
        if (phase === 'prompt') {
          considerScreen()
          return
        }
        if (phase === 'echo') {
          const echo = findEcho(text, flight.line)
          if (echo === undefined) return
          flight.outputFrom = echo.end
          flight.consumed = echo.end
          phase = 'output'
          if (!PROMPT_THEN_NOTHING.test(echo.before)) {
            // Something else was on the command line with ours (typed ahead, not yet echoed when we looked):
            // the appliance is running a line nobody reviewed. Stop it; nothing it asks is answered.
            startResync(
              `unknown — re-verify: the appliance received "${echo.line}", not "${flight.line}" (other input was on the command line); Ctrl-C was sent.`,
            )
            return
          }
        }
        if (phase === 'resync') {
          const end = RESULT_THEN_PROMPT.exec(flight.buffer.tail(4096))
          const prompt = PROMPT_AT_END.exec(flight.buffer.tail(512))
          if (prompt) {
            this.prompt = prompt[1]
            if (end && flight.declined)
              flight.finish('failed', resyncReason, {
                resultCode: Number(end[1]),
                resultText: end[2] ?? '',
              })
            else flight.finish('unknown', resyncReason)
          }
          return
        }
        if (phase !== 'output') return
        if (handlePrompts()) return
        const tail = flight.buffer.tail(4096)
        const end = RESULT_THEN_PROMPT.exec(tail)
        if (end) {
          this.prompt = end[3]
          complete(Number(end[1]), end[2] ?? '', end[3] ?? '')
          return
        }
        const bare = PROMPT_AT_END.exec(tail)
        if (bare) {
          // Back at the prompt with no Command Result: wait a moment in case more is coming, then say so.
          clearTimeout(quiet)
          const length = text.length
          quiet = setTimeout(() => {
            if (phase !== 'output' || flight.buffer.text.length !== length) return
            this.prompt = bare[1]
            flight.finish(
              'unknown',
              'unknown — re-verify: the appliance returned to the prompt without a Command Result line, so the outcome is not known.',
            )
          }, this.promptQuietMs * 4)
        }
      }

      const typeCommand = (): void => {
        phase = 'echo'
        sent = true
        // Keep the prompt's line: its echo must show our command right after the prompt and nothing else.
        const promptLine = lastLine(flight.buffer.text)
        flight.buffer.clear()
        flight.buffer.push(promptLine)
        this.channel.write(`${flight.line}\r`)
        armInactivity()
      }

      /** Answers the earliest waiting prompt in the unhandled output. Returns true while a prompt is being handled. */
      const handlePrompts = (): boolean => {
        if (flight.waitingOnOperator) return true
        const text = flight.buffer.text
        const rest = text.slice(flight.consumed)
        let best: { index: number; match: RegExpExecArray; prompt: PromptSpec<unknown> } | undefined
        spec.prompts.forEach((prompt, index) => {
          const m = new RegExp(prompt.pattern.source, prompt.pattern.flags.replace('g', '')).exec(rest)
          if (m && (!best || m.index < best.match.index)) best = { index, match: m, prompt }
        })
        if (best) {
          const { index, match, prompt } = best
          const matchEnd = flight.consumed + match.index + match[0].length
          if (prompt.kind === 'ped') {
            flight.consumed = matchEnd
            flight.pedWaiting = true
            clearTimeout(inactivity)
            const notice = describePed(match[0])
            flight.interactions.push({ kind: 'ped', answer: notice.operation })
            callbacks.ped({ ...notice, commandId: spec.id })
            return handlePrompts()
          }
          const after = text.slice(matchEnd)
          if (!isWaiting(after)) {
            // The question scrolled past without waiting (or the row's pattern met ordinary output): move on.
            if (after.split('\n').length > 4 || /Command Result|lunash:>/.test(after))
              flight.consumed = matchEnd
            return false
          }
          if (!/>[ \t]*$/.test(text)) {
            // The question may still be arriving; answer once the output has been quiet for a moment.
            clearTimeout(quiet)
            const length = text.length
            quiet = setTimeout(() => {
              if (phase === 'output' && flight.buffer.text.length === length) answer(index, prompt, matchEnd)
            }, this.promptQuietMs)
            return true
          }
          answer(index, prompt, matchEnd)
          return true
        }
        // A question this row does not declare: never answer it with proceed or a secret. Only a question that
        // is waiting counts (the output went quiet on it), not words that happen to end a chunk of output.
        // A waiting question is at the end of the output: look only there, so long outputs stay cheap.
        const end = rest.slice(-1024)
        const unexpectedConfirm = ANY_CONFIRM.exec(end)
        const unexpectedSecret = ANY_SECRET.exec(end)
        if (!unexpectedSecret && !(unexpectedConfirm && /(?:>|'quit'[^\n]*|:)[ \t]*$/.test(rest)))
          return false
        clearTimeout(quiet)
        const length = text.length
        quiet = setTimeout(() => {
          if (phase !== 'output' || flight.waitingOnOperator || flight.buffer.text.length !== length) return
          flight.consumed = length
          if (unexpectedSecret) {
            startResync(
              `unknown — re-verify: the appliance asked for a secret that ${spec.id} does not expect ("${unexpectedSecret[0].trim()}"); Ctrl-C was sent.`,
            )
            return
          }
          flight.declined = true
          flight.interactions.push({ kind: 'unexpected', answer: 'quit' })
          this.channel.write('quit\r')
          resyncReason = `The appliance asked a confirmation that ${spec.id} does not expect; quit was sent. Check the command and the appliance's state.`
          phase = 'resync'
          armInactivity()
          step()
        }, this.promptQuietMs * 4)
        return false
      }

      const answer = (index: number, prompt: PromptSpec<unknown>, matchEnd: number): void => {
        const times = flight.answered.get(index) ?? 0
        const text = flight.buffer.text
        flight.consumed = text.length
        if (prompt.kind === 'password') {
          if (times >= 1) {
            startResync(
              `The appliance asked for the ${prompt.secret} again: the one given was not accepted. Ctrl-C was sent; nothing was retried, so no login attempt was wasted.`,
            )
            return
          }
          flight.answered.set(index, times + 1)
          const cached = flight.secrets.get(prompt.secret)
          const promptText = lastLines(text.slice(0, matchEnd), 2)
          withOperator(async () => {
            const value =
              cached ??
              (await callbacks.secret({
                commandId: spec.id,
                secret: prompt.secret,
                again: prompt.again === true,
                prompt: promptText,
                fields,
              }))
            // A control character would be a keystroke (Ctrl-C, Enter), not part of the secret.
            // eslint-disable-next-line no-control-regex -- refusing control characters
            if (value === '' || /[\x00-\x1f\x7f]/.test(value)) throw new Error('unusable-secret')
            flight.secrets.set(prompt.secret, value)
            return value
          })
            .then((value) => {
              if (phase === 'done') return
              if (flight.aborted) {
                startResync('unknown — re-verify: aborted at a password prompt; Ctrl-C was sent.')
                return
              }
              flight.interactions.push({ kind: 'password', answer: `secret ${prompt.secret}` })
              if (this.channel.writeSecret) this.channel.writeSecret(`${value}\r`)
              else this.channel.write(`${value}\r`)
              step()
            })
            .catch(() => {
              if (phase === 'done') return
              if (flight.aborted) {
                startResync('unknown — re-verify: aborted at a password prompt; Ctrl-C was sent.')
                return
              }
              startResync(
                `unknown — re-verify: no usable ${prompt.secret} was given (empty, with a control character, or cancelled); Ctrl-C was sent.`,
              )
            })
          return
        }
        if (prompt.kind === 'answer') {
          if (times >= 1) {
            startResync(
              `unknown — re-verify: the appliance asked "${lastLines(text, 1)}" again; Ctrl-C was sent.`,
            )
            return
          }
          flight.answered.set(index, times + 1)
          flight.interactions.push({ kind: 'answer', answer: prompt.answer(fields) })
          this.channel.write(`${prompt.answer(fields)}\r`)
          step()
          return
        }
        if (prompt.kind !== 'confirm') return
        flight.answered.set(index, times + 1)
        const mustType = prompt.destructive ? (prompt.expect?.(fields) ?? 'proceed') : undefined
        const request: ConfirmRequest = {
          commandId: spec.id,
          title: spec.title,
          command: flight.line,
          question: lastLines(text.slice(0, matchEnd), 6),
          destructive: prompt.destructive,
          warning: prompt.warning,
        }
        if (mustType !== undefined) request.mustType = mustType
        withOperator(() => callbacks.confirm(request))
          .catch((): ConfirmAnswer => ({ proceed: false }))
          .then((reply) => {
            if (phase === 'done') return
            const agreed =
              reply.proceed &&
              !flight.aborted &&
              (mustType === undefined || (reply.typed ?? '').trim() === mustType)
            if (!agreed) {
              flight.declined = true
              flight.interactions.push({ kind: 'confirm', answer: 'quit' })
              this.channel.write('quit\r')
              resyncReason = flight.aborted
                ? 'Aborted: quit was sent at the confirmation; the appliance did not go ahead.'
                : reply.proceed
                  ? `Not confirmed: the text typed did not match "${mustType ?? ''}"; quit was sent and nothing changed.`
                  : 'The operator declined; quit was sent and nothing changed.'
              phase = 'resync'
              armInactivity()
              step()
              return
            }
            flight.interactions.push({ kind: 'confirm', answer: 'proceed' })
            this.channel.write('proceed\r')
            step()
          })
      }

      /** The operator (or keychain) is answering: no timeouts count against the appliance meanwhile. */
      const withOperator = async <T>(ask: () => Promise<T>): Promise<T> => {
        flight.waitingOnOperator = true
        clearTimeout(inactivity)
        pauseCap()
        try {
          const aborted = new Promise<never>((_, reject) => {
            flight.cancelOperator = () => reject(new Error('aborted'))
          })
          return await Promise.race([ask(), aborted])
        } finally {
          flight.cancelOperator = undefined
          flight.waitingOnOperator = false
          if (phase !== 'done') {
            resumeCap()
            armInactivity()
          }
        }
      }

      const complete = (code: number, codeText: string, host: string): void => {
        const output = flight.buffer.text.slice(flight.outputFrom ?? 0)
        const extra: Partial<RunResult> = { resultCode: code, resultText: codeText, promptHost: host }
        if (flight.declined) {
          flight.finish('failed', resyncReason || 'The operator declined; quit was sent.', extra)
          return
        }
        const foreign = spec.attend ? undefined : foreignOutput(output, code)
        if (foreign) {
          flight.finish(
            code === 0 ? 'unknown' : 'failed',
            `${code === 0 ? 'unknown — re-verify: ' : ''}the output of ${flight.line} holds ${foreign}, so it is not this command's alone. Check the console and the appliance's state.`,
            extra,
          )
          return
        }
        if (code !== 0) {
          const error = parseLunashError(output)
          if (error.ok) extra.error = error.value
          // Without the `'<cmd>' failed.` line, the appliance's own Error: sentences still say why.
          const sentences = output
            .split('\n')
            .filter((l) => /^\s*Error:/.test(l))
            .map((l) => l.replace(/^\s*Error:\s*/, '').trim())
          const detail = error.ok
            ? [`${error.value.name} (${error.value.code})`, ...error.value.messages].join(': ')
            : [`Command Result ${code} (${codeText})`, ...sentences].join(': ')
          flight.finish('failed', `${flight.line || spec.title} failed: ${detail}`, extra)
          return
        }
        const noise = lineNoise(output)
        if (noise) {
          flight.finish(
            'unknown',
            `unknown — re-verify: the output holds characters a Luna appliance does not print (${noise}), so its facts are not trusted: line noise on the console? Check the cable or the line settings and read it again.`,
            extra,
          )
          return
        }
        const parsed = spec.parse(output)
        if (!parsed.ok) {
          flight.finish(
            'unknown',
            `unknown — re-verify: lunash reported success but the output is not understood (${parsed.error.message}).`,
            extra,
          )
          return
        }
        extra.facts = parsed.value
        flight.finish('done', `${flight.line || spec.title}: Command Result 0 (${codeText}).`, extra)
      }

      subscription.off = this.onInternalData(onData)
      resumeCap()

      if (spec.attend) {
        // The appliance leads an attended flow; on a line that shows nothing, the operator wakes it.
        phase = 'output'
        sent = true
        armInactivity()
        if (spec.wake && flight.buffer.text.trim() === '') considerScreen()
        step()
        return
      }
      armInactivity()
      considerScreen()
    })
  }

  private keepIdle(text: string): void {
    // A flood's chunk alone is enough to keep: joining it to the old tail first would copy both.
    this.idleRaw = text.length >= IDLE_KEEP ? text : this.idleRaw + text
    if (this.idleRaw.length > 2 * IDLE_KEEP) {
      const tail = this.idleRaw.slice(-IDLE_KEEP)
      // Start at a line boundary, so no escape sequence is cut in half.
      const newline = tail.indexOf('\n')
      this.idleRaw = newline >= 0 ? tail.slice(newline + 1) : tail
    }
  }

  private takeIdle(): OutputBuffer {
    const buffer = new OutputBuffer()
    buffer.push(this.idleRaw)
    this.idleRaw = ''
    return buffer
  }

  private onInternalData(listener: () => void): () => void {
    const l = (): void => listener()
    this.dataListeners.add(l)
    return () => this.dataListeners.delete(l)
  }

  private emitBusy(): void {
    for (const l of [...this.busyListeners]) l(this.busy, this.running, this.waiting)
  }

  private redact(flight: Flight): string {
    let text = flight.buffer.text
    for (const secret of flight.secrets.values()) if (secret !== '') text = text.split(secret).join(REDACTED)
    return text
  }
}

/** What may stand before a command's echo on its line: the lunash prompt, nothing else. */
const PROMPT_THEN_NOTHING = /^[ \t]*(?:\[[^\]\n]*\] ?lunash:>)?[ \t]*$/

/**
 * The echo of the command line (whitespace-insensitive, so a line wrapped at the terminal's edge is found):
 * what stood before it on its line, the whole echoed line, and where the output starts (after the echo's line).
 */
function findEcho(text: string, line: string): { before: string; line: string; end: number } | undefined {
  const want = line.replace(/\s+/g, '')
  let squeezed = ''
  const map: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    if (/\s/.test(ch)) continue
    squeezed += ch
    map.push(i)
  }
  const at = squeezed.indexOf(want)
  if (at < 0) return undefined
  const first = map[at] ?? 0
  const last = map[at + want.length - 1] ?? 0
  const newline = text.indexOf('\n', last)
  if (newline < 0) return undefined
  const lineStart = text.lastIndexOf('\n', first) + 1
  return {
    before: text.slice(lineStart, first),
    line: text.slice(lineStart, newline).replace(/\s+/g, ' ').trim(),
    end: newline + 1,
  }
}

/**
 * Another command's traces inside one command's output (its result line, its prompt, or its failure): typed-ahead
 * input ran too, and this output proves nothing on its own.
 */
function foreignOutput(output: string, code: number): string | undefined {
  const final = output.lastIndexOf('Command Result')
  const body = final < 0 ? output : output.slice(0, final)
  if (/Command Result ?:/.test(body)) return "another command's result line"
  if (/\] ?lunash:>/.test(body)) return 'another lunash prompt'
  // A command that succeeded prints no failure of its own.
  const failed = code === 0 ? /Error:\s*'([^']+)' failed/.exec(body) : null
  if (failed) return `an error from '${failed[1] ?? ''}'`
  return undefined
}

/**
 * lunash prints ASCII only. Anything else in an output is line noise (a bad serial line, the wrong speed or parity
 * decodes to U+FFFD or stray Latin-1), and noise inside a value would change a fact without a parser noticing.
 */
function lineNoise(output: string): string | undefined {
  const odd = output.match(/[^\t\n\x20-\x7e]/g)
  if (!odd) return undefined
  const shown = [...new Set(odd)]
    .slice(0, 5)
    .map((ch) => `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`)
  return `${odd.length} such: ${shown.join(', ')}`
}

function lastLine(text: string): string {
  const at = text.lastIndexOf('\n')
  return at < 0 ? text : text.slice(at + 1)
}

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n')
    .trim()
}
