/**
 * The fault campaign: every guided procedure, run through the real host and its command runner against the
 * simulator over SSH, with one fault drawn per run. After each run the appliance's real state judges the step:
 *   - false done: the step said done, but its effect is not on the appliance (or, for a read, its facts are false);
 *   - login attempt spent: the appliance counted a wrong SO or partition password the operator did not type;
 *   - secret leaked: a secret of the run appears in any file under the host's data folder.
 * One simulator, one host and (while it lasts) one console serve every run; the appliance is reset between runs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, type Host } from '../../electron/host/host'
import { openVault, type Vault } from '../../electron/vault'
import type { RunnerPreview, RunnerResult } from '../../shared/api'
import { startSimulator, type ApplianceHandle, type Simulator } from '../../simulator/index'
import { probeAppliance, type ApplianceProbe, type ApplianceState } from './appliance'
import { FAULT_KINDS, faultSchedule, fits, planFault, type FaultKind, type FaultPlan } from './faults'
import { LeakScanner } from './leaks'
import { Operator, type Actions, type Policy } from './operator'
import {
  baseState,
  drawProcedure,
  drawSecrets,
  PROCEDURES,
  secretList,
  type Procedure,
  type Variant,
} from './procedures'
import { keyringAvailable, startPrivateKeyring, type PrivateKeyring } from './keychain'
import { seededRng } from './rng'

export interface CampaignOptions {
  runs: number
  seed: number
  /** Shorter stalls, for the smoke run inside `npm test`. */
  quick?: boolean
  /** Store secrets in a real gnome-keyring on a private bus (default: when it is installed). */
  keychain?: boolean
  /** A line per run (or undefined: silent). */
  log?: (line: string) => void
  /** Only these procedures (command ids) and only these faults: to reproduce or study one case. */
  only?: { procedures?: string[]; faults?: FaultKind[] }
  /** Keep the host's data folder (transcripts and all) for a look afterwards; its path is in the results. */
  keepData?: boolean
}

export interface Tally {
  runs: number
  done: number
  failed: number
  unknown: number
  /** The run could not be staged or the host refused it (not a verdict). */
  errors: number
  falseDone: number
  /** Done steps with nothing to judge (a read whose facts are free text, a ping). */
  doneNotJudged: number
  loginAttemptsSpent: number
  secretsLeaked: number
  /** Times the runner said it was waiting for the operator at a question it did not raise. */
  waits: number
}

export interface Incident {
  run: number
  fault: FaultKind
  detail: string
  commandId: string
  what: string
  status?: string
  reason?: string
}

export interface CampaignResults {
  runs: number
  seed: number
  falseDone: number
  loginAttemptsSpent: number
  secretsLeaked: number
  byFault: Record<FaultKind, Tally>
  byProcedure: Record<string, Tally>
  keychain: 'gnome-keyring (private bus)' | 'none: secrets from the panel form'
  durationS: number
  /** The host's data folder, when kept. */
  dataDir?: string
  /** The runs that counted against a goal, and runs that could not be staged, with what happened. */
  incidents: Incident[]
}

const emptyTally = (): Tally => ({
  runs: 0,
  done: 0,
  failed: 0,
  unknown: 0,
  errors: 0,
  falseDone: 0,
  doneNotJudged: 0,
  loginAttemptsSpent: 0,
  secretsLeaked: 0,
  waits: 0,
})

const CLIENT = 'campaign-operator'
const PED_DELAY_MS = 300
const FIRST_LOGIN = /\(current\) UNIX password:\s*$/

export async function runCampaign(options: CampaignOptions): Promise<CampaignResults> {
  const started = Date.now()
  const rng = seededRng(options.seed)
  const nextFault = faultSchedule(rng)
  const log = options.log ?? (() => undefined)
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-campaign-'))
  let keyring: PrivateKeyring | undefined
  let sim: Simulator | undefined
  let host: Host | undefined
  let operator: Operator | undefined
  try {
    let vault: Vault | null = null
    if (options.keychain ?? keyringAvailable()) {
      keyring = await startPrivateKeyring()
      vault = openVault({ service: `rackside-campaign-${process.pid}` })
    }
    sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
    const handle = sim.appliances[0] as ApplianceHandle
    const probe = probeAppliance(handle.appliance)
    const factory = probe.snapshot()
    host = createHost({
      kind: 'web',
      dataDir,
      version: '0.0.0-campaign',
      demo: { start: async () => ({ ...handle.ssh, serial: handle.serial }), stop: async () => undefined },
      runner: { vault, runner: { resyncMs: 1_500 } },
      reconnectDelaysMs: [200, 800],
    })
    operator = new Operator(host, CLIENT)
    const scanner = new LeakScanner(dataDir)
    const results: CampaignResults = {
      runs: options.runs,
      seed: options.seed,
      falseDone: 0,
      loginAttemptsSpent: 0,
      secretsLeaked: 0,
      byFault: Object.fromEntries(FAULT_KINDS.map((k) => [k, emptyTally()])) as Record<FaultKind, Tally>,
      byProcedure: {},
      keychain: vault ? 'gnome-keyring (private bus)' : 'none: secrets from the panel form',
      durationS: 0,
      incidents: [],
    }
    const faultOfRun: FaultKind[] = []
    const leaked = new Set<string>()
    const procedureOfRun: string[] = []

    const wanted = (p: Procedure) =>
      !options.only?.procedures || options.only.procedures.includes(p.commandId)
    const kinds = FAULT_KINDS.filter(
      (k) =>
        (!options.only?.faults || options.only.faults.includes(k)) &&
        PROCEDURES.some((p) => wanted(p) && fits(k, p)),
    )
    if (kinds.length === 0) throw new Error('no fault fits the procedures asked for')
    for (let run = 1; run <= options.runs; run++) {
      let kind = nextFault()
      while (!kinds.includes(kind)) kind = nextFault()
      const procedure = drawProcedure(rng, (p) => wanted(p) && fits(kind, p))
      const secrets = drawSecrets(rng)
      for (const secret of secretList(secrets)) scanner.watch(secret, run)
      const canPed =
        procedure.ped === true && kind !== 'open-password-prompt' && kind !== 'open-proceed-prompt'
      const variant: Variant = {
        failing: false,
        ped: kind === 'open-ped-wait' || (canPed && rng.chance(0.2)),
      }
      const policy: Policy = {
        confirm: rng.chance(0.85) ? 'proceed' : 'decline',
        waiting: rng.chance(0.5) ? 'cancel' : 'abort',
        secrets: {},
        patienceMs: 6_000,
      }
      faultOfRun[run] = kind
      procedureOfRun[run] = procedure.commandId
      const tally = [results.byFault[kind], (results.byProcedure[procedure.commandId] ??= emptyTally())]
      for (const t of tally) t.runs++
      const incident = (what: string, extra: Partial<Incident> = {}) =>
        results.incidents.push({
          run,
          fault: kind,
          detail: extra.detail ?? '',
          commandId: procedure.commandId,
          what,
          ...extra,
        })

      let outcome: Outcome
      try {
        outcome = await oneRun({
          run,
          kind,
          procedure,
          secrets,
          variant,
          policy,
          rng,
          quick: options.quick === true,
          factory,
          probe,
          handle,
          operator,
          host,
        })
      } catch (error) {
        // The run could not be staged (the console would not show what it should): no verdict to judge, but
        // whatever the appliance counted and the files hold still count.
        await handle.setFaults({})
        await operator.close().catch(() => undefined)
        outcome = {
          error: `could not be staged: ${error instanceof Error ? error.message : String(error)}`,
          judged: undefined,
          spent: probe.takeLoginFailures().length,
          actions: Operator.noActions(),
        }
      }
      const { plan, result, judged, spent, actions } = outcome
      const detail = plan?.detail ?? ''
      const status = result?.status
      for (const t of tally) {
        if (status === 'done' && judged === undefined) t.doneNotJudged++
        if (status === 'done') t.done++
        else if (status === 'failed') t.failed++
        else if (status === 'unknown') t.unknown++
        else t.errors++
        t.waits += actions.waits.length
      }
      if (!result) incident('no verdict', { detail, reason: outcome.error ?? '' })
      if (status === 'done' && judged === false) {
        results.falseDone++
        for (const t of tally) t.falseDone++
        incident('false done', {
          detail,
          status,
          reason: `${result?.reason ?? ''} Facts: ${JSON.stringify(result?.facts ?? null).slice(0, 400)}`,
        })
      }
      if (spent > 0) {
        results.loginAttemptsSpent += spent
        for (const t of tally) t.loginAttemptsSpent += spent
        incident(`${spent} login attempt(s) spent`, {
          detail,
          status: status ?? 'none',
          reason: result?.reason ?? '',
        })
      }
      // Every file the host wrote so far; a leak is charged to the run whose secret it is, once.
      for (const leak of scanner.scan()) {
        if (leaked.has(leak.secret)) continue
        leaked.add(leak.secret)
        results.secretsLeaked++
        const fault = faultOfRun[leak.run] as FaultKind
        results.byFault[fault].secretsLeaked++
        const p = results.byProcedure[procedureOfRun[leak.run] ?? '']
        if (p) p.secretsLeaked++
        results.incidents.push({
          run: leak.run,
          fault,
          detail: `${leak.how} in ${leak.file.slice(dataDir.length + 1)}`,
          commandId: procedureOfRun[leak.run] ?? '',
          what: 'secret leaked',
        })
      }
      log(
        `run ${run} ${kind} ${procedure.commandId}${variant.ped ? ' (PED)' : ''}${plan?.failing ? ' (failing)' : ''}: ` +
          `${status ?? 'no verdict'}${judged === false ? ' FALSE DONE' : ''}${spent ? ` SPENT ${spent}` : ''}` +
          `${actions.waits.length ? ` waits ${actions.waits.map((w) => w.kind).join(',')}` : ''} — ${detail}` +
          `${result ? ` — ${result.reason.slice(0, 160)}` : ` — ${outcome.error ?? ''}`}`,
      )
    }
    results.durationS = Math.round((Date.now() - started) / 1000)
    if (options.keepData) results.dataDir = dataDir
    return results
  } finally {
    operator?.dispose()
    await host?.close().catch(() => undefined)
    await sim?.stop().catch(() => undefined)
    keyring?.stop()
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true })
  }
}

interface RunContext {
  run: number
  kind: FaultKind
  procedure: Procedure
  secrets: ReturnType<typeof drawSecrets>
  variant: Variant
  policy: Policy
  rng: ReturnType<typeof seededRng>
  quick: boolean
  factory: ApplianceState
  probe: ApplianceProbe
  handle: ApplianceHandle
  operator: Operator
  host: Host
}

interface Outcome {
  /** Undefined when the run could not be staged. */
  plan?: FaultPlan
  result?: RunnerResult
  error?: string
  /** Whether what a done step claims holds on the appliance (undefined: not judged). */
  judged: boolean | undefined
  spent: number
  actions: Actions
}

async function oneRun(c: RunContext): Promise<Outcome> {
  const { procedure, handle, operator, probe } = c
  await handle.setFaults({})
  // The scenario first: its fields make the lines the faults aim at. A lying result line is most telling on a
  // step that fails on the appliance, so that fault often comes with a precondition missing.
  const failing = c.kind === 'wrong-result-code' && procedure.canFail === true && c.rng.chance(0.5)
  const scenario = procedure.scenario(c.rng, c.secrets, { ...c.variant, failing })
  const lines = await stepLines(c.host, procedure.commandId, scenario.fields)
  const plan = planFault(c.kind, procedure, lines, c.rng, { quick: c.quick, failing })
  c.policy.secrets = { ...scenario.secrets }

  // The appliance as the step finds it.
  const state = baseState(c.factory, c.secrets)
  scenario.setup(state)
  if (c.variant.ped) state.hsm.authMethod = 'ped'
  // The operator's own `hsm login` must reach the PED, not the last-attempt question first.
  if (c.kind === 'open-ped-wait') state.hsm.loginAttemptsLeft = 3
  if (procedure.attend) {
    for (const user of state.users) if (user.name === 'admin') user.mustChangePassword = true
    await operator.close()
    probe.restore(state)
    await operator.connect(FIRST_LOGIN)
  } else {
    // Tidy first (Ctrl-C for what the last run left open), then reset: nothing still running can change the new state.
    const tidy = operator.open ? await operator.tidy() : 'closed'
    probe.restore(state)
    if (tidy === 'closed') await operator.connect()
  }
  const pedDelayMs = c.variant.ped ? PED_DELAY_MS : 0

  // What the operator leaves in the console, then the fault itself.
  if (plan.before) {
    await handle.setFaults({ ...plan.faults, pedDelayMs: plan.holdPedMs ?? pedDelayMs })
    await operator.type(plan.before.type)
    await operator.until(plan.before.until, 10_000)
  }
  await handle.setFaults({ ...plan.faults, pedDelayMs })
  const before = probe.snapshot()
  const ran = await operator.run(procedure.commandId, scenario.fields, scenario.secrets, c.policy)
  const after = probe.snapshot()
  const judged = ran.result?.status === 'done' ? scenario.holds(after, ran.result.facts, before) : undefined

  await handle.setFaults({})
  await operator.tidy()
  // Every wrong SO or partition password the appliance counted since the last run was judged: the operator typed
  // none (its keystrokes in the console are a command line and Ctrl-C; its passwords go through the form, and
  // they are right), so each one was spent by something else.
  const spent = probe.takeLoginFailures().length
  return {
    plan,
    judged,
    spent,
    actions: ran.actions,
    ...(ran.result ? { result: ran.result } : {}),
    ...(ran.error ? { error: ran.error } : {}),
  }
}

/** The exact lines the step will type, as the panel previews them. */
async function stepLines(
  host: Host,
  commandId: string,
  fields: Record<string, unknown>,
): Promise<{ command: string; readBack?: string }> {
  const reply = await host.dispatch('runner.preview', { commandId, fields }, CLIENT)
  if (!reply.ok) throw new Error(`runner.preview ${commandId}: ${reply.error.message}`)
  const preview = reply.value as RunnerPreview
  if (!preview.ok && preview.command === '' && preview.errors.length)
    throw new Error(
      `the campaign built bad fields for ${commandId}: ${preview.errors.map((e) => e.message).join(' ')}`,
    )
  return preview.readBack
    ? { command: preview.command, readBack: preview.readBack }
    : { command: preview.command }
}
