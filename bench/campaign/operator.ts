/**
 * The campaign's operator: one client of the real host, driving one console the way a careful person at the rack
 * does. It reads the console (and acknowledges it, as the renderer does), runs steps from the panel, answers the
 * runner's questions in the app (proceed, or not), and when the runner says the console waits for something it
 * did not ask, cancels that question with Ctrl-C in the console or aborts the step, as drawn. It never types a
 * password into the console: every SO or partition login attempt it makes goes through the panel's form.
 */
import type { Host, HostEvent } from '../../electron/host/host'
import type { EventPayload, RunnerResult } from '../../shared/api'
import type { SecretId } from '../../shared/lunash/commands'

/** How this operator behaves in one run. */
export interface Policy {
  /** At the runner's proceed/quit question. */
  confirm: 'proceed' | 'decline'
  /** When the runner waits at a question it did not raise (a prompt left open, text on the line). */
  waiting: 'cancel' | 'abort'
  /** Answers for password questions the runner asks in the app (the form's secrets, typed again). */
  secrets: Partial<Record<SecretId, string>>
  /** How long the console may stay quiet while a step runs before the operator gives up and aborts it. */
  patienceMs: number
}

/** What the operator did during one step. */
export interface Actions {
  waits: { kind: string; text: string }[]
  cancels: number
  aborts: number
  impatientAborts: number
  confirms: string[]
  passwordsGiven: number
}

/** `[host] lunash:>` and nothing after it, escape sequences and stray bytes aside. */
const CLEAN_PROMPT = /\[[^\]\n]*\] ?lunash:>[ \t]*$/
// eslint-disable-next-line no-control-regex -- what a terminal shows: escape sequences and control bytes removed
const NOT_SHOWN = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g
const KEEP = 32 * 1024

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class Operator {
  sessionId: string | undefined
  /** What the console showed, the last 32 KiB, raw. */
  private shown = ''
  private lastOutputAt = Date.now()
  private state: string = 'closed'
  private runnerBusy = false
  private pendingQuestions = 0
  private runnerPed = false
  private policy: Policy = {
    confirm: 'proceed',
    waiting: 'cancel',
    secrets: {},
    patienceMs: 6_000,
  }
  private actions: Actions = Operator.noActions()
  private handlingWait: Promise<void> | undefined
  private readonly listener = (e: HostEvent) => this.onEvent(e)

  constructor(
    private readonly host: Host,
    readonly client: string,
  ) {
    host.events.on('event', this.listener)
  }

  static noActions(): Actions {
    return { waits: [], cancels: 0, aborts: 0, impatientAborts: 0, confirms: [], passwordsGiven: 0 }
  }

  dispose(): void {
    this.host.events.off('event', this.listener)
  }

  get open(): boolean {
    return this.sessionId !== undefined && (this.state === 'connected' || this.state === 'connecting')
  }

  /** The console's screen as text: escape sequences and control bytes removed, CR/LF as LF. */
  screen(): string {
    return this.shown.replace(NOT_SHOWN, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n')
  }

  atPrompt(): boolean {
    return CLEAN_PROMPT.test(this.screen())
  }

  /** Opens the demo console and waits for `until` (by default a clean lunash prompt). */
  async connect(until: RegExp = CLEAN_PROMPT, timeoutMs = 15_000): Promise<void> {
    this.shown = ''
    this.state = 'connecting'
    const reply = await this.host.dispatch(
      'sessions.open',
      { profileId: 'demo', cols: 120, rows: 40 },
      this.client,
    )
    if (!reply.ok) throw new Error(`sessions.open: ${reply.error.message}`)
    this.sessionId = (reply.value as { sessionId: string }).sessionId
    await this.until(until, timeoutMs)
  }

  /** Closes the console (its transcript is sealed and closed). */
  async close(): Promise<void> {
    if (!this.sessionId) return
    const id = this.sessionId
    this.sessionId = undefined
    this.state = 'closed'
    await this.host.dispatch('sessions.close', { sessionId: id }, this.client)
  }

  /** Waits until the screen matches; throws with the screen's end after timeoutMs. */
  async until(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!pattern.test(this.screen())) {
      if (Date.now() > deadline)
        throw new Error(`the console never showed ${pattern}: …${JSON.stringify(this.screen().slice(-300))}`)
      if (this.state === 'closed' || this.state === 'failed')
        throw new Error(`the console closed while waiting for ${pattern}`)
      await sleep(15)
    }
  }

  /** Types into the console, as the operator (refused while the runner holds the keyboard). */
  async type(data: string): Promise<boolean> {
    if (!this.sessionId) return false
    const reply = await this.host.dispatch('sessions.write', { sessionId: this.sessionId, data }, this.client)
    return reply.ok
  }

  /** Runs one step from the panel under this policy; the operator answers and watches until it ends. */
  async run(
    commandId: string,
    fields: Record<string, unknown>,
    secrets: Partial<Record<SecretId, string>>,
    policy: Policy,
  ): Promise<{ result?: RunnerResult; error?: string; actions: Actions }> {
    if (!this.sessionId) return { error: 'no console', actions: Operator.noActions() }
    this.policy = policy
    this.actions = Operator.noActions()
    this.runnerPed = false
    this.lastOutputAt = Date.now()
    const params: Record<string, unknown> = { sessionId: this.sessionId, commandId, fields }
    if (Object.keys(secrets).length) params.secrets = secrets
    let finished = false
    const running = this.host.dispatch('runner.run', params, this.client).finally(() => {
      finished = true
    })
    const started = Date.now()
    let impatient = false
    // The operator's patience: a console that shows nothing while no question is asked gets the step aborted.
    while (!finished) {
      await sleep(100)
      if (finished) break
      const quiet = Date.now() - this.lastOutputAt
      const asked = this.pendingQuestions > 0 || this.runnerPed || this.handlingWait !== undefined
      if (!impatient && !asked && quiet > policy.patienceMs) {
        impatient = true
        this.actions.impatientAborts++
        await this.abort()
      }
      if (Date.now() - started > 120_000) {
        await this.abort()
        break
      }
    }
    const reply = await running
    const actions = this.actions
    if (!reply.ok) return { error: `${reply.error.code}: ${reply.error.message}`, actions }
    return { result: reply.value as RunnerResult, actions }
  }

  async abort(): Promise<void> {
    if (!this.sessionId) return
    this.actions.aborts++
    await this.host.dispatch('runner.abort', { sessionId: this.sessionId }, this.client)
  }

  /**
   * After a step: leave the console at a clean prompt, as an operator would before the next one (Ctrl-C for
   * whatever is still open), or close it if it does not come back.
   */
  async tidy(): Promise<'prompt' | 'closed'> {
    if (!this.open) return 'closed'
    for (let i = 0; i < 40 && this.runnerBusy; i++) await sleep(50)
    if (this.state === 'connecting') {
      // The host is reconnecting a dropped link: wait for it, once.
      await this.until(CLEAN_PROMPT, 8_000).catch(() => undefined)
    }
    if (this.atPrompt()) return 'prompt'
    for (let attempt = 0; attempt < 2 && this.open; attempt++) {
      await this.type('\x03')
      try {
        await this.until(CLEAN_PROMPT, 2_000)
        return 'prompt'
      } catch {
        // try again, then give up on this console
      }
    }
    await this.close()
    return 'closed'
  }

  private onEvent(e: HostEvent): void {
    if (e.client !== this.client) return
    const payload = e.payload as { sessionId?: string }
    if (payload.sessionId !== undefined && payload.sessionId !== this.sessionId) {
      // An older console of ours: keep its output acknowledged so nothing waits on it.
      if (e.name === 'session.data') this.ack(e.payload as EventPayload<'session.data'>)
      return
    }
    switch (e.name) {
      case 'session.data': {
        const p = e.payload as EventPayload<'session.data'>
        this.ack(p)
        this.shown = (this.shown + p.data).slice(-KEEP)
        this.lastOutputAt = Date.now()
        break
      }
      case 'session.status':
        this.state = (e.payload as EventPayload<'session.status'>).state
        break
      case 'runner.state': {
        const p = e.payload as EventPayload<'runner.state'> & { waiting?: { kind: string; text: string } }
        this.runnerBusy = p.busy
        if (p.busy && p.waiting) this.onWaiting(p.waiting)
        break
      }
      case 'runner.prompt':
        this.onQuestion(e.payload as EventPayload<'runner.prompt'>)
        break
      default:
        break
    }
  }

  private ack(p: EventPayload<'session.data'>): void {
    void this.host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, this.client)
  }

  /** The runner asks in the app: a confirmation, a password the form did not give, or a PED notice. */
  private onQuestion(p: EventPayload<'runner.prompt'>): void {
    if (p.kind === 'ped') {
      this.runnerPed = true
      return
    }
    this.pendingQuestions++
    const answer = async (): Promise<Record<string, unknown>> => {
      // A person reads the question before answering.
      await sleep(20)
      if (p.kind === 'confirm') {
        const proceed = this.policy.confirm === 'proceed'
        this.actions.confirms.push(proceed ? 'proceed' : 'decline')
        return proceed ? { proceed: true, typed: p.mustType ?? 'proceed' } : { proceed: false }
      }
      const secret = p.secret ? this.policy.secrets[p.secret] : undefined
      if (secret === undefined) return { proceed: false }
      this.actions.passwordsGiven++
      return { secret }
    }
    void answer()
      .then((reply) =>
        this.host.dispatch(
          'runner.answer',
          { sessionId: p.sessionId, promptId: p.promptId, ...reply },
          this.client,
        ),
      )
      .finally(() => {
        this.pendingQuestions--
      })
  }

  /** The runner sends nothing and waits: cancel the open question in the console, or abort the step. */
  private onWaiting(waiting: { kind: string; text: string }): void {
    this.actions.waits.push(waiting)
    if (this.handlingWait) return
    this.handlingWait = (async () => {
      await sleep(150)
      if (!this.runnerBusy) return
      if (this.policy.waiting === 'cancel') {
        // Ctrl-C cancels a question, a PED wait or a half-typed line, and submits nothing.
        if (await this.type('\x03')) {
          this.actions.cancels++
          return
        }
      }
      await this.abort()
    })().finally(() => {
      this.handlingWait = undefined
    })
  }
}
