/**
 * One command in flight, as a state machine. A flight moves through named states (flight-plan.ts):
 *
 *   prompt ──(a clean lunash prompt)──▶ echo ──(our line, alone)──▶ output ──(Command Result, prompt)──▶ done
 *     │ anything else on screen:          │ other input with ours     │ timeout, abort, an unexpected question,
 *     ▼ `pending`, the operator has it    ▼                           ▼ the operator declined
 *   (nothing typed; back to prompt)     resync ◀────────────────────────┘ ──(the prompt is back)──▶ done
 *
 * Each transition is a method; the judging of text (echo.ts, prompts.ts, completion.ts) is pure and lives apart.
 * The flight owns its timers: inactivity (resets while data keeps arriving), the absolute cap (paused while the
 * operator answers), the quiet wait (a prompt or question must settle before it is acted on) and the wake notice.
 */
import { FlightClock, type Timeout } from './clock'
import { judgeOutput, PROMPT_AT_END, RESULT_THEN_PROMPT } from './completion'
import { echoIsAlone, findEcho } from './echo'
import { lastLine, lastLines } from './lines'
import type { OutputBuffer } from './output-buffer'
import type { FlightHost, FlightPlan, FlightState } from './flight-plan'
import { handlePrompts } from './answering'
import type { Interaction, RunResult, RunStatus } from './types'
import type { AnyCommand, SecretId } from '../../shared/lunash/commands/spec'
import { classifyScreen, describeScreen, type Screen } from '../../shared/lunash/screen'

const CTRL_C = '\x03'
const REDACTED = '********'

export class Flight {
  state: FlightState = 'prompt'
  /** Something was typed: from here on, an unclear end is "unknown — re-verify", never "nothing was sent". */
  sent = false
  /** Index in the buffer text where the command's output starts (after the echo). */
  outputFrom: number | undefined
  /** Prompts before this index are handled. */
  consumed = 0
  /** How often each of the row's prompts (by index) was answered. */
  readonly answered = new Map<number, number>()
  /** Secrets given during this run: asked once, typed again if asked again, and redacted from the transcript. */
  readonly secrets = new Map<SecretId, string>()
  readonly interactions: Interaction[] = []
  /** The operator (or keychain) is answering a question: no timeout counts meanwhile. */
  waitingOnOperator = false
  /** The console is not at the lunash prompt and nothing was typed: the operator has it. */
  pending: Screen | undefined
  /** A PED operation is under way: the appliance takes as long as the operator does. */
  pedWaiting = false
  aborted = false
  /** quit was sent at a confirmation: whatever lunash says next, the run failed. */
  declined = false
  /** Why the run ends once the prompt is back (set when resync starts). */
  resyncReason = ''
  /** Rejects the question the operator is being asked (abort). */
  cancelOperator: (() => void) | undefined

  readonly spec: AnyCommand
  readonly line: string
  readonly buffer: OutputBuffer
  private readonly clock: FlightClock
  private off: (() => void) | undefined
  private resolve: (result: RunResult) => void = () => undefined

  constructor(
    readonly plan: FlightPlan,
    private readonly host: FlightHost,
  ) {
    this.spec = plan.spec
    this.line = plan.line
    this.buffer = plan.buffer
    this.outputFrom = plan.spec.attend ? 0 : undefined
    this.clock = new FlightClock(plan.capMs, (which) => this.timeout(which))
  }

  /** Takes off: subscribes to the console and starts looking at what it shows. Resolves when the run is over. */
  start(): Promise<RunResult> {
    const result = new Promise<RunResult>((resolve) => (this.resolve = resolve))
    this.off = this.host.subscribe(() => this.onData())
    this.clock.resumeCap()
    if (this.spec.attend) {
      // The appliance leads an attended flow; on a line that shows nothing, the operator wakes it.
      this.state = 'output'
      this.sent = true
      this.armInactivity()
      if (this.spec.wake && this.buffer.text.trim() === '') this.considerScreen()
      this.step()
    } else {
      this.armInactivity()
      this.considerScreen()
    }
    return result
  }

  /** Output arrived (or the console closed). */
  onData(): void {
    if (this.state === 'done') return
    const closed = this.host.closedReason()
    if (closed !== undefined) {
      this.finish(
        this.sent ? 'unknown' : 'failed',
        this.sent
          ? `unknown — re-verify: the connection was lost while the command ran (${closed}). Reconnect and check the appliance's state.`
          : `Nothing was sent: the connection closed (${closed}).`,
      )
      return
    }
    this.pedWaiting = false
    // Something arrived on a quiet line the operator was asked to wake: the attended flow goes on.
    if (this.state === 'output' && this.pending?.kind === 'empty') this.setPending(undefined)
    this.armInactivity()
    this.step()
  }

  /** Reads the buffer as the current state asks. */
  step(): void {
    if (this.state === 'prompt') {
      this.considerScreen()
      return
    }
    if (this.state === 'echo' && !this.readEcho()) return
    if (this.state === 'resync') {
      this.readResync()
      return
    }
    if (this.state !== 'output') return
    if (handlePrompts(this)) return
    this.readEnd()
  }

  /**
   * Before anything is typed: type only at a clean lunash prompt. Anything else goes to the operator, and
   * nothing is sent — not even an Enter to see the prompt, which an open password question would take as an
   * empty password (one login attempt fewer; an HSM zeroizes after three).
   */
  considerScreen(): void {
    const { timing, callbacks } = this.plan
    const screen = classifyScreen(this.buffer.tail(8192))
    this.clock.stopQuiet()
    if (screen.kind === 'lunash') {
      // Type once the prompt has stayed the last thing shown for a moment (a late line may follow it).
      this.whenQuiet(this.pending ? timing.promptQuietMs : 0, 'prompt', () => {
        this.host.learnPrompt(screen.host)
        this.setPending(undefined)
        this.typeCommand()
      })
      return
    }
    if (screen.kind === 'empty') {
      // A console that has printed nothing yet: SSH prints its prompt in a moment; a serial line stays quiet
      // until someone presses Enter, and that someone must be the operator.
      if (!callbacks.pending || this.pending || this.clock.wakeArmed) return
      this.clock.wakeOnce(timing.wakeNoticeMs, () => {
        if (this.state !== 'prompt' && !(this.spec.attend && this.state === 'output')) return
        if (classifyScreen(this.buffer.tail(8192)).kind === 'empty') this.setPending(screen)
      })
      return
    }
    // Decide only once the screen has settled: a prompt may be arriving a few bytes at a time.
    this.whenQuiet(this.pending ? 0 : timing.promptQuietMs * 4, 'prompt', () => {
      if (!callbacks.pending) {
        this.finish(
          'failed',
          `Nothing was sent: ${describeScreen(screen)}. Answer or cancel it in the console, then run the step again.`,
        )
        return
      }
      this.setPending(screen)
    })
  }

  /** prompt → echo: types the line at the prompt. */
  typeCommand(): void {
    this.state = 'echo'
    this.sent = true
    // Keep the prompt's line: its echo must show our command right after the prompt and nothing else.
    const promptLine = lastLine(this.buffer.text)
    this.buffer.clear()
    this.buffer.push(promptLine)
    this.host.channel.write(`${this.line}\r`)
    this.armInactivity()
  }

  /** echo → output once our line is echoed alone; echo → resync when other input came with it. */
  readEcho(): boolean {
    const echo = findEcho(this.buffer.text, this.line)
    if (echo === undefined) return false
    this.outputFrom = echo.end
    this.consumed = echo.end
    this.state = 'output'
    if (echoIsAlone(echo)) return true
    // The appliance is running a line nobody reviewed. Stop it; nothing it asks is answered.
    this.startResync(
      `unknown — re-verify: the appliance received "${echo.line}", not "${this.line}" (other input was on the command line); Ctrl-C was sent.`,
    )
    return false
  }

  /** resync → done once the prompt is back: failed if quit was sent and lunash confirms, unknown otherwise. */
  readResync(): void {
    const end = RESULT_THEN_PROMPT.exec(this.buffer.tail(4096))
    const prompt = PROMPT_AT_END.exec(this.buffer.tail(512))
    if (!prompt) return
    this.host.learnPrompt(prompt[1])
    if (end && this.declined)
      this.finish('failed', this.resyncReason, { resultCode: Number(end[1]), resultText: end[2] ?? '' })
    else this.finish('unknown', this.resyncReason)
  }

  /** output → done at `Command Result` and the prompt, or (after a quiet moment) at a bare prompt. */
  readEnd(): void {
    const tail = this.buffer.tail(4096)
    const end = RESULT_THEN_PROMPT.exec(tail)
    if (end) {
      this.host.learnPrompt(end[3])
      const verdict = judgeOutput({
        spec: this.spec,
        line: this.line,
        output: this.buffer.text.slice(this.outputFrom ?? 0),
        code: Number(end[1]),
        codeText: end[2] ?? '',
        host: end[3] ?? '',
        ...(this.declined ? { declined: this.resyncReason } : {}),
      })
      this.finish(verdict.status, verdict.reason, verdict.extra)
      return
    }
    const bare = PROMPT_AT_END.exec(tail)
    if (!bare) return
    // Back at the prompt with no Command Result: wait a moment in case more is coming, then say so.
    this.whenQuiet(this.plan.timing.promptQuietMs * 4, 'output', () => {
      this.host.learnPrompt(bare[1])
      this.finish(
        'unknown',
        'unknown — re-verify: the appliance returned to the prompt without a Command Result line, so the outcome is not known.',
      )
    })
  }

  /** A PED operation started: the appliance waits for the operator at the PED, so no inactivity counts. */
  waitForPed(): void {
    this.pedWaiting = true
    this.clock.stopInactivity()
  }

  /** → resync: quit at a confirmation; the run fails (lunash confirms it went nowhere) for `reason`. */
  sendQuit(reason: string, kind: 'confirm' | 'unexpected'): void {
    this.declined = true
    this.interactions.push({ kind, answer: 'quit' })
    this.host.channel.write('quit\r')
    this.resyncReason = reason
    this.state = 'resync'
    this.armInactivity()
    this.step()
  }

  /** → resync: Ctrl-C to get the prompt back; the run ends for `reason`. */
  startResync(reason: string): void {
    this.resyncReason = reason
    this.state = 'resync'
    this.interactions.push({ kind: 'unexpected', answer: 'ctrl-c' })
    this.host.channel.write(CTRL_C)
    this.clock.stopCap()
    this.armInactivity()
  }

  /** Types an answer into the session (secrets through writeSecret, kept out of every log). */
  type(text: string, secret = false): void {
    const channel = this.host.channel
    if (secret && channel.writeSecret) channel.writeSecret(text)
    else channel.write(text)
  }

  /** A timer ran out: nothing sent → failed; resyncing → unknown; otherwise Ctrl-C and resync. */
  timeout(which: Timeout): void {
    if (this.state === 'done') return
    const { timeoutMs, capMs } = this.plan
    if (!this.sent) {
      this.finish(
        'failed',
        `Nothing was sent: the lunash prompt did not appear within ${timeoutMs / 1000} s.`,
      )
      return
    }
    if (this.state === 'resync') {
      this.finish('unknown', this.resyncReason)
      return
    }
    const why =
      which === 'cap'
        ? `the command did not finish within its limit of ${Math.round(capMs / 1000)} s`
        : `the appliance sent nothing for ${Math.round(timeoutMs / 1000)} s`
    this.startResync(`unknown — re-verify: ${why}. Ctrl-C was sent to get the prompt back.`)
  }

  /**
   * Stops the running command: answers `quit` if a confirmation is waiting (a password prompt gets Ctrl-C),
   * otherwise sends Ctrl-C; before anything was typed, ends at once with nothing sent.
   */
  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.interactions.push({ kind: 'unexpected', answer: 'abort' })
    if (this.waitingOnOperator) {
      this.cancelOperator?.()
      return
    }
    if (this.state === 'done' || this.state === 'resync') return
    if (!this.sent) this.finish('failed', 'Aborted before the command was typed; nothing was sent.')
    else
      this.startResync('unknown — re-verify: aborted by the operator while the command ran; Ctrl-C was sent.')
  }

  /** Tells the operator what the console waits for (or that it no longer does); no timeout counts meanwhile. */
  setPending(screen: Screen | undefined): void {
    const was = this.pending
    if (was?.kind === screen?.kind && was?.text === screen?.text && was?.typed === screen?.typed) return
    this.pending = screen
    if (screen && !was) {
      this.clock.stopInactivity()
      this.clock.pauseCap()
    } else if (!screen && was) {
      this.clock.resumeCap()
      this.armInactivity()
    }
    this.plan.callbacks.pending?.(screen)
    this.host.changed()
  }

  /** The operator (or keychain) is answering: no timeouts count against the appliance meanwhile. */
  async withOperator<T>(ask: () => Promise<T>): Promise<T> {
    this.waitingOnOperator = true
    this.clock.stopInactivity()
    this.clock.pauseCap()
    try {
      const aborted = new Promise<never>((_, reject) => {
        this.cancelOperator = () => reject(new Error('aborted'))
      })
      return await Promise.race([ask(), aborted])
    } finally {
      this.cancelOperator = undefined
      this.waitingOnOperator = false
      if (this.state !== 'done') {
        this.clock.resumeCap()
        this.armInactivity()
      }
    }
  }

  /** → done: the result goes out, the runner is free. */
  finish(status: RunStatus, reason: string, extra: Partial<RunResult> = {}): void {
    if (this.state === 'done') return
    this.state = 'done'
    this.clock.stopAll()
    this.off?.()
    const promptHost = extra.promptHost ?? this.host.lastPromptHost()
    const result: RunResult = {
      commandId: this.spec.id,
      interactions: this.interactions,
      transcript: this.redacted(),
      durationMs: Date.now() - this.plan.started,
      status,
      command: this.line,
      reason,
      ...extra,
    }
    if (promptHost !== undefined) result.promptHost = promptHost
    if (this.spec.unverified) result.unverified = true
    if (this.pending) this.plan.callbacks.pending?.(undefined)
    this.host.landed(lastLine(this.buffer.text))
    this.resolve(result)
  }

  /** The question as the appliance printed it, for the operator (its last `n` lines before `end`). */
  questionText(end: number, n: number): string {
    return lastLines(this.buffer.text.slice(0, end), n)
  }

  /** Runs `act` if the output stays as it is (and the flight in `state`) for `ms`. */
  whenQuiet(ms: number, state: FlightState, act: () => void): void {
    const length = this.buffer.text.length
    this.clock.afterQuiet(ms, () => {
      if (this.state === state && this.buffer.text.length === length) act()
    })
  }

  private armInactivity(): void {
    this.clock.stopInactivity()
    if (this.state === 'done' || this.waitingOnOperator || this.pedWaiting || this.pending) return
    this.clock.armInactivity(this.state === 'resync' ? this.plan.timing.resyncMs : this.plan.timeoutMs)
  }

  private redacted(): string {
    let text = this.buffer.text
    for (const secret of this.secrets.values()) if (secret !== '') text = text.split(secret).join(REDACTED)
    return text
  }
}
