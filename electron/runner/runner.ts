/**
 * The command runner: drives lunash inside a live console session the way an expert types (DESIGN.md,
 * "The command runner"). Generic and small: what to type, which prompts to answer and how to read the
 * output all come from the command rows in shared/lunash/commands.
 *
 * The runner owns the channel, what the console showed while idle, and the lock (one flight at a time);
 * each run is a Flight (flight.ts), a state machine of its own.
 */
import type { Channel } from './channel'
import { Flight } from './flight'
import { OutputBuffer } from './output-buffer'
import type { RunCallbacks, RunOverrides, RunResult, RunStatus, RunnerOptions, StepResult } from './types'
import { build, type AnyCommand } from '../../shared/lunash/commands/spec'
import type { Screen } from '../../shared/lunash/screen'

export type {
  ConfirmAnswer,
  ConfirmRequest,
  Interaction,
  PedNotice,
  RunCallbacks,
  RunOverrides,
  RunResult,
  RunStatus,
  RunnerOptions,
  SecretRequest,
  StepResult,
} from './types'

/** How much idle output (characters) is kept for the first-login step and the prompt check. */
const IDLE_KEEP = 64 * 1024

export class RunnerBusyError extends Error {
  readonly code = 'busy'
  constructor(running: string) {
    super(
      `Another command is running in this console (${running}). Wait for it to finish, or abort it first.`,
    )
    this.name = 'RunnerBusyError'
  }
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
    this.flight?.abort()
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

    const buffer = spec.attend ? this.takeIdle() : new OutputBuffer()
    if (!spec.attend) buffer.push(this.takeIdle().text)
    const flight = new Flight(
      {
        spec,
        line: built.value,
        fields,
        callbacks,
        buffer,
        timeoutMs: overrides.timeoutMs ?? spec.timeoutMs,
        capMs: overrides.capMs ?? spec.capMs,
        timing: {
          promptQuietMs: this.promptQuietMs,
          resyncMs: this.resyncMs,
          wakeNoticeMs: this.wakeNoticeMs,
        },
        started,
      },
      {
        channel: this.channel,
        closedReason: () => this.closedReason,
        lastPromptHost: () => this.prompt,
        learnPrompt: (host) => (this.prompt = host),
        subscribe: (listener) => this.onInternalData(listener),
        changed: () => this.emitBusy(),
        landed: (screen) => {
          this.idleRaw = screen
          this.flight = undefined
          this.emitBusy()
        },
      },
    )
    this.flight = flight
    this.emitBusy()
    return flight.start()
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
}
