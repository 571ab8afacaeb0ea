/**
 * What the runner service does around one guided step: the era's row, the operator's questions, the keychain
 * (passwords a step set are kept), following the appliance to its new address after an interface change, the
 * NTLS certificate around regenCert, and the licence warnings after a licence read.
 */
import { randomBytes } from 'node:crypto'
import { RacksideError, type RunnerResult } from '../../../shared/api'
import { build, type AnyCommand, type SecretId } from '../../../shared/lunash/commands'
import type { HsmLicenses } from '../../../shared/lunash/parse/hsm'
import { certificateFingerprints } from '../../client/certs'
import {
  RunnerBusyError,
  type CommandRunner,
  type ConfirmAnswer,
  type RunCallbacks,
  type StepResult,
} from '../runner'
import { licenceWarningsAfterRead } from '../../host/procedure-status'
import { callbacksFor, eraForStep, ready, type Attached, type RunnerContext } from './attached'
import { commandFor } from './commands'
import type { DoneRecords } from './done-records'
import { stepNote, toResult } from './results'
import type { RunnerTarget } from './transfer'

/** What the steps need beyond the shared context. */
export interface StepContext extends RunnerContext {
  done: DoneRecords
  /** Sessions being reopened after a link restart: resolved with the new runner once its shell is open. */
  following: Map<string, { resolve(a: Attached | undefined): void }>
  /** How long the runner waits for that reconnection (the operator may be typing the password). */
  reconnectTimeoutMs: number
  download(target: RunnerTarget & { password: string }, name: string): Promise<Buffer>
}

export interface StepParams {
  sessionId: string
  commandId: string
  fields: Record<string, unknown>
  secrets?: Partial<Record<SecretId, string>>
}

/** The runner is busy with another command: the contract's 'busy'. */
function busy(a: Attached): RacksideError {
  return new RacksideError({
    code: 'busy',
    message: new RunnerBusyError(a.runner.running ?? 'a command').message,
  })
}

/** SHA-256 of the appliance's server.pem, fetched over SCP/SFTP with the pinned host key. */
async function serverCertificate(
  ctx: StepContext,
  a: Attached,
  password: string | undefined,
): Promise<string> {
  const target = a.appliance.target
  if (!target) throw new Error('this console has no SSH address')
  const pw = password ?? (await a.appliance.adminPassword())
  if (!pw) throw new Error('the admin password is neither in the form nor in the keychain')
  const pem = await ctx.download({ ...target, password: pw }, 'server.pem')
  return certificateFingerprints(pem.toString('utf8')).sha256
}

/** After a step is done: remember what was done, keep the secret it set. */
async function afterDone(
  ctx: StepContext,
  a: Attached,
  spec: AnyCommand,
  fields: Record<string, unknown>,
  used: (id: SecretId) => string | undefined,
): Promise<string | undefined> {
  const applianceId = a.appliance.profileId
  ctx.done.record(applianceId, spec.id, fields)
  if (spec.id === 'login.first-password-change') {
    const pw = used('appliance-new-password')
    if (pw) return ctx.keychain.keep({ kind: 'appliance-admin', applianceId }, pw)
  }
  const partition = typeof fields.partition === 'string' ? fields.partition : undefined
  if (spec.id === 'partition.create' && partition !== undefined) {
    const pw = used('partition-password')
    if (pw) return ctx.keychain.keep({ kind: 'partition', applianceId, partition }, pw)
  }
  if (spec.id === 'partition.changePw' && partition !== undefined) {
    const pw = used('partition-new-password')
    if (pw) return ctx.keychain.keep({ kind: 'partition', applianceId, partition }, pw)
  }
  return undefined
}

/**
 * Before a step that restarts the link this console uses: arrange with the console's appliance to reopen the
 * session at the new address (a saved profile's address changes only if the operator says yes), and wait for it.
 */
async function prepareFollow(
  ctx: StepContext,
  a: Attached,
  spec: AnyCommand,
  fields: Record<string, unknown>,
): Promise<{ address: string; reconnected: Promise<Attached | undefined>; cancel(): void } | undefined> {
  if (!spec.dropsSession || fields.device !== 'eth0' || typeof fields.ip !== 'string') return
  const address = fields.ip
  const plan = a.appliance.followPlan()
  if (!plan) return
  let save = false
  if (plan.profileName !== undefined) {
    const promptId = `p-${randomBytes(8).toString('hex')}`
    const answer = await new Promise<ConfirmAnswer>((resolve) => {
      a.pending.set(promptId, { kind: 'confirm', resolve: resolve as (x: ConfirmAnswer | string) => void })
      ctx.emit(a.client, 'runner.prompt', {
        sessionId: a.sessionId,
        promptId,
        kind: 'confirm',
        commandId: spec.id,
        title: spec.title,
        command: '',
        question: `When the link restarts, reconnect this console to ${address} and save ${address} as the address of the profile "${plan.profileName}"?`,
        warning: 'Stop: Rackside does not reconnect; reconnect by hand and press Verify.',
        destructive: false,
      })
    })
    if (!answer.proceed) return
    save = true
  }
  const password = await a.appliance.adminPassword()
  let timer: ReturnType<typeof setTimeout> | undefined
  const reconnected = new Promise<Attached | undefined>((resolve) => {
    ctx.following.set(a.sessionId, { resolve })
    timer = setTimeout(() => {
      ctx.following.delete(a.sessionId)
      resolve(undefined)
    }, ctx.reconnectTimeoutMs)
  }).finally(() => clearTimeout(timer))
  a.appliance.armFollow({ address, password, saveProfile: save })
  return {
    address,
    reconnected,
    cancel() {
      a.appliance.disarmFollow()
      ctx.following.get(a.sessionId)?.resolve(undefined)
      ctx.following.delete(a.sessionId)
    },
  }
}

/** runner.run: one guided step, typed in the console, judged, read back, noted in the transcript. */
export async function runStep(ctx: StepContext, client: string, params: StepParams): Promise<RunnerResult> {
  const { sessionId, commandId, fields, secrets = {} } = params
  const a = ready(ctx, client, sessionId)
  if (a.runner.busy) throw busy(a)
  const spec = commandFor(commandId, await eraForStep(ctx, a, commandId), fields)
  const used = new Map<SecretId, string>()
  const callbacks = callbacksFor(ctx, a, fields, secrets)
  const recording: RunCallbacks = {
    ...callbacks,
    secret: async (r) => {
      const value = await callbacks.secret(r)
      used.set(r.secret, value)
      return value
    },
  }
  const adminPassword = secrets['appliance-current-password']
  const before =
    spec.id === 'sysconf.regencert'
      ? await serverCertificate(ctx, a, adminPassword).catch(() => undefined)
      : undefined
  const follow = await prepareFollow(ctx, a, spec, fields)
  let step: StepResult
  try {
    step = await a.runner.runStep(spec, fields, recording)
  } catch (error) {
    follow?.cancel()
    if (error instanceof RunnerBusyError) throw new RacksideError({ code: 'busy', message: error.message })
    throw error
  }
  if (follow) {
    if (step.status !== 'unknown') follow.cancel()
    else {
      const next = await follow.reconnected
      if (next) {
        const check = await next.runner
          .verify(spec, fields, callbacksFor(ctx, next, fields, {}))
          .catch((error: unknown) => ({
            status: 'unknown' as const,
            reason: `unknown — re-verify: the read-back after reconnecting failed: ${error instanceof Error ? error.message : String(error)}`,
            readBack: undefined,
          }))
        step = {
          ...step,
          status: check.status,
          reason: `Reconnected to ${follow.address}. ${check.reason}`,
          ...(check.readBack ? { readBack: check.readBack } : {}),
        }
        if (check.status === 'done') await afterDone(ctx, next, spec, fields, (id) => used.get(id))
      } else
        step = {
          ...step,
          reason: `${step.reason} Rackside could not reconnect to ${follow.address} by itself.`,
        }
    }
  }
  const extra: Partial<RunnerResult> = {}
  if (step.status === 'done' && !follow) {
    const keychain = await afterDone(ctx, a, spec, fields, (id) => used.get(id))
    if (keychain) extra.keychain = keychain
  }
  if (spec.id === 'sysconf.regencert' && step.status === 'done') {
    try {
      const sha256 = await serverCertificate(ctx, a, adminPassword)
      extra.serverCertificate = before === undefined ? { sha256 } : { sha256, previous: before }
      if (before === sha256) {
        step = {
          ...step,
          status: 'failed',
          reason: `regenCert reported success but server.pem has the same fingerprint (${sha256}).`,
        }
      }
    } catch (error) {
      extra.serverCertificate = {
        sha256: '',
        note: `server.pem could not be fetched to show the new fingerprint: ${error instanceof Error ? error.message : String(error)}`,
      }
    }
  }
  if (spec.dropsSession && typeof fields.ip === 'string' && fields.device === 'eth0')
    extra.reconnectTo = fields.ip
  if (spec.id === 'hsm.displayLicenses' && step.status === 'done' && step.facts) {
    const warnings = await licenceWarningsAfterRead(
      (read, f) => a.runner.run(read, f, callbacksFor(ctx, a, f, {})),
      step.facts as HsmLicenses,
    )
    if (warnings.length > 0) extra.warnings = warnings
  }
  const result = toResult(step, extra)
  a.note(stepNote(spec.title, result, 'Ran'))
  return result
}

/** runner.verify: reads the appliance back to tell whether the step's state is there, typing nothing else. */
export async function verifyStep(
  ctx: StepContext,
  client: string,
  params: Omit<StepParams, 'secrets'>,
): Promise<RunnerResult> {
  const { sessionId, commandId, fields } = params
  const a = ready(ctx, client, sessionId)
  if (a.runner.busy) throw busy(a)
  const spec = commandFor(commandId, await eraForStep(ctx, a, commandId), fields)
  const started = Date.now()
  let check: Awaited<ReturnType<CommandRunner['verify']>>
  try {
    check = await a.runner.verify(spec, fields, callbacksFor(ctx, a, fields, {}))
  } catch (error) {
    if (error instanceof RunnerBusyError) throw new RacksideError({ code: 'busy', message: error.message })
    throw error
  }
  const built = build(spec, fields)
  const step: StepResult = {
    status: check.status,
    commandId: spec.id,
    command: built.ok ? built.value : '',
    reason: check.reason,
    interactions: [],
    transcript: '',
    durationMs: Date.now() - started,
    ...(check.readBack ? { readBack: check.readBack } : {}),
  }
  if (check.status === 'done') await afterDone(ctx, a, spec, fields, () => undefined)
  const result = toResult(step)
  a.note(stepNote(spec.title, result, 'Checked'))
  return result
}
