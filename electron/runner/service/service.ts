/**
 * The host's side of the guided procedures: one CommandRunner per console session, fed with the session's
 * output and typing into it, so the operator sees every command. It turns the runner's callbacks into events
 * for the renderer (confirmations, password prompts, PED notices) and waits for the operator's answers, holds the
 * session's keyboard while a command runs, and keeps which procedures were done for the overview.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import {
  RacksideError,
  type ApplianceOverview,
  type EventName,
  type EventPayload,
  type RunnerPreview,
  type RunnerPromptEvent,
  type RunnerResult,
} from '../../../shared/api'
import {
  allCommands,
  build,
  differsByEra,
  eraOfVersion,
  hsmShow,
  rowFor,
  softwareVersionIn,
  type AnyCommand,
  type Era,
  type SecretId,
} from '../../../shared/lunash/commands'
import { describeScreen } from '../../../shared/lunash/screen'
import type { HsmLicenses } from '../../../shared/lunash/parse/hsm'
import type { Channel } from '../channel'
import {
  CommandRunner,
  RunnerBusyError,
  type ConfirmAnswer,
  type RunCallbacks,
  type StepResult,
} from '../runner'
import { certificateFingerprints } from '../../client/certs'
import { connectForTransfer, pullFile, pushFile } from '../../client/scp'
import { openVault, type Vault, type VaultAccount } from '../../vault'
import { licenceWarningsAfterRead, readOverview, type DoneRecord } from '../../host/procedure-status'
import { readUploadFile } from './upload-file'

export interface RunnerTarget {
  host: string
  port: number
  hostKeyFingerprint: string
}

export interface RunnerServiceOptions {
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  /** The OS keychain; undefined or null: passwords are asked in the app and nothing is stored. */
  vault?: Vault | null | (() => Promise<Vault | null>)
  /** Overrides for tests (quiet time before answering a prompt, resync after Ctrl-C). */
  runner?: { promptQuietMs?: number; resyncMs?: number }
  /** How long a keychain call may take before Rackside asks the operator instead. */
  keychainTimeoutMs?: number
  /** Uploads a file to the appliance's admin home over SCP/SFTP (firmware packages). */
  upload?: (
    target: RunnerTarget & { password: string },
    name: string,
    data: Buffer,
  ) => Promise<{ via: string }>
  /**
   * Where the steps Rackside completed are kept (procedures-done.json: command ids and their fields, never a
   * secret), so the overview can say "changed since done" after a restart. Unset: kept in memory only.
   */
  dataDir?: string
  /** Downloads a file from the admin home (server.pem, to show the NTLS certificate's fingerprint). */
  download?: (target: RunnerTarget & { password: string }, name: string) => Promise<Buffer>
  /**
   * After a step that restarts the link the console uses (an interface change): the host reopens the console's
   * session to the new address (host.ts). Unset: the operator reconnects by hand and presses Verify.
   */
  reconnect?: FollowAppliance
  /** How long the runner waits for that reconnection (the operator may be typing the password). */
  reconnectTimeoutMs?: number
}

/** The host's part of following an appliance to its new address. */
export interface FollowAppliance {
  /**
   * Whether this console can follow the appliance (demo and saved SSH profiles; a serial line does not drop).
   * `profileName`: a saved profile whose address would change, which needs the operator's yes first.
   */
  plan(sessionId: string, address: string): { profileName?: string } | undefined
  /** The next drop of this session reopens it to `address`, trying `password` first (else asked in the console). */
  arm(sessionId: string, address: string, password: string | undefined, saveProfile: boolean): void
  disarm(sessionId: string): void
}

interface Attached {
  sessionId: string
  client: string
  profileId: string
  title: string
  target: RunnerTarget | undefined
  runner: CommandRunner
  dataListeners: Set<(text: string) => void>
  closeListeners: Set<(reason: string) => void>
  closed: boolean
  /** The session's shell is open (SSH: logged in). Before that, typing would go to the login prompt. */
  connected: boolean
  /** Prompts waiting for the operator, by prompt id. */
  pending: Map<string, { kind: 'confirm' | 'password'; resolve(answer: ConfirmAnswer | string): void }>
  /** Records a line in the console's transcript. */
  note(text: string): void
}

/**
 * The line a guided step leaves in the console's transcript, so the record says what Rackside concluded and
 * what the operator answered, not only what was typed: `Ran step "Initialise the HSM" (hsm.init): done. …`.
 */
function stepNote(title: string, result: RunnerResult, verb: 'Ran' | 'Checked'): string {
  const answers = result.interactions.map((i) =>
    i.kind === 'password' ? `password ${i.answer.replace(/^secret /, '')}` : `${i.kind} ${i.answer}`,
  )
  const said = answers.length ? ` Operator's answers: ${answers.join(', ')}.` : ''
  return `${verb} step "${title}" (${result.commandId}): ${result.status}. ${result.reason}${said}`
}

const byId = new Map<string, AnyCommand>(allCommands.map((c) => [c.id, c]))

export function findCommand(id: string): AnyCommand {
  const spec = byId.get(id)
  if (!spec)
    throw new RacksideError({
      code: 'not-found',
      message: `There is no appliance command "${id}". Pick a procedure from the panel list.`,
    })
  return spec
}

/** Which keychain item holds a secret a prompt asks for (undefined: never stored, always asked). */
function vaultAccountFor(
  secret: SecretId,
  applianceId: string,
  fields: Record<string, unknown>,
): VaultAccount | undefined {
  const partition = typeof fields.partition === 'string' ? fields.partition : undefined
  switch (secret) {
    case 'appliance-current-password':
      return { kind: 'appliance-admin', applianceId }
    case 'partition-password':
      return partition ? { kind: 'partition', applianceId, partition } : undefined
    default:
      return undefined
  }
}

/**
 * The row for this appliance: its era's syntax (when the era is known) and these fields' prompts. Undefined era: the
 * row as written (the newest syntax), which the runner types only where no era differs (see `eraForStep`).
 */
export function commandFor(
  commandId: string,
  era: Era | undefined,
  fields: Record<string, unknown>,
): AnyCommand {
  const spec = findCommand(commandId)
  const row = rowFor(spec, era, fields)
  if (!row)
    throw new RacksideError({
      code: 'invalid-request',
      message: `"${spec.title}" is not a command of ${era}.x appliances; nothing was sent.`,
    })
  return row
}

/** The preview a panel shows before Run: the exact line in the console's era, or why nothing would be sent. */
export function previewCommand(commandId: string, fields: Record<string, unknown>, era?: Era): RunnerPreview {
  const spec = commandFor(commandId, era, fields)
  const built = spec.attend ? { ok: true as const, value: '' } : build(spec, fields)
  // Guards are declared only for a question the appliance itself calls destructive: not announced.
  const announced = spec.prompts.filter((p) => !(p.kind === 'confirm' && p.guard))
  return {
    commandId: spec.id,
    title: spec.title,
    ok: built.ok,
    command: built.ok ? built.value : '',
    errors: built.ok ? [] : built.error,
    destructive: spec.destructive === true || announced.some((p) => p.kind === 'confirm' && p.destructive),
    prompts: announced.map((p) => ({
      kind: p.kind === 'password' ? `password:${p.secret}` : p.kind,
      destructive: p.kind === 'confirm' && p.destructive,
      warning: p.kind === 'confirm' ? p.warning : '',
    })),
    ...(era !== undefined ? { era } : {}),
    ...(era === undefined && differsByEra(findCommand(commandId))
      ? {
          eraNote:
            "This appliance's software version is not known yet: Rackside reads it with hsm show before typing this, and types the line in that version's syntax.",
        }
      : {}),
    ...(spec.readBack
      ? {
          readBack: build(spec.readBack.command, spec.readBack.fields(fields)).ok
            ? readBackLine(spec, fields)
            : undefined,
        }
      : {}),
  }
}

function readBackLine(spec: AnyCommand, fields: Record<string, unknown>): string | undefined {
  const rb = spec.readBack
  if (!rb) return undefined
  const line = build(rb.command, rb.fields(fields))
  return line.ok ? line.value : undefined
}

/** The step result as it crosses the contract (facts are plain data already). */
function toResult(step: StepResult, extra: Partial<RunnerResult> = {}): RunnerResult {
  const out: RunnerResult = {
    status: step.status,
    commandId: step.commandId,
    command: step.command,
    reason: step.reason,
    interactions: step.interactions,
    transcript: step.transcript,
    durationMs: step.durationMs,
    ...extra,
  }
  if (step.resultCode !== undefined) out.resultCode = step.resultCode
  if (step.resultText !== undefined) out.resultText = step.resultText
  if (step.facts !== undefined) out.facts = step.facts
  if (step.fieldErrors) out.fieldErrors = step.fieldErrors
  if (step.promptHost !== undefined) out.promptHost = step.promptHost
  if (step.unverified) out.unverified = true
  if (step.readBack) {
    const r = step.readBack.result
    out.readBack = {
      result: {
        status: r.status,
        commandId: r.commandId,
        command: r.command,
        reason: r.reason,
        transcript: r.transcript,
        durationMs: r.durationMs,
        ...(r.resultCode !== undefined ? { resultCode: r.resultCode } : {}),
        ...(r.resultText !== undefined ? { resultText: r.resultText } : {}),
        ...(r.facts !== undefined ? { facts: r.facts } : {}),
      },
      ...(step.readBack.evidence !== undefined ? { evidence: step.readBack.evidence } : {}),
    }
  }
  return out
}

export interface RunnerService {
  /** The admin password the keychain keeps for this appliance (profile id), if any: never waits long for it. */
  adminPassword(profileId: string): Promise<string | undefined>
  /** A console session opened: give it a runner. `write` types into the session (bypassing the keyboard lock). */
  open(options: {
    sessionId: string
    client: string
    profileId: string
    title: string
    target?: RunnerTarget
    write(text: string): void
    /** Types a secret answer: kept out of local echo, and known to redaction everywhere. */
    writeSecret(text: string): void
    /** Records a line in the console's transcript (each step's outcome, for the record). */
    note?(text: string): void
    /** The era the console's profile pins, whatever the appliance prints. */
    era?: Era
  }): void
  /** Session output, as the operator sees it. */
  data(sessionId: string, text: string): void
  /** The session's state: commands run only once it is connected (its shell open). */
  status(sessionId: string, state: string): void
  /** The appliance the console's lunash prompt names (null: none), to label the console in session lists. */
  named(sessionId: string, appliance: string | null): void
  /** The software version the console's appliance printed (banner, `hsm show`): picks the era's syntax. */
  software(sessionId: string, version: string): void
  /** What is known of the console's software version and era (the `session.software` event's payload). */
  softwareOf(sessionId: string): EventPayload<'session.software'>
  /**
   * The session ended: a command in flight becomes "unknown — re-verify". `reopening`: the host is opening it
   * again to the appliance's new address (the same session id gets a new runner).
   */
  closed(sessionId: string, reason: string, reopening?: boolean): void
  /** Throws 'busy' while the runner holds this session's keyboard. */
  guardWrite(sessionId: string): void
  /** With `session`, the line is in the era of that console's appliance. */
  preview(
    commandId: string,
    fields: Record<string, unknown>,
    session?: { client: string; sessionId: string },
  ): RunnerPreview
  run(
    client: string,
    params: {
      sessionId: string
      commandId: string
      fields: Record<string, unknown>
      secrets?: Partial<Record<SecretId, string>>
    },
  ): Promise<RunnerResult>
  verify(
    client: string,
    params: { sessionId: string; commandId: string; fields: Record<string, unknown> },
  ): Promise<RunnerResult>
  answer(
    client: string,
    params: { sessionId: string; promptId: string; proceed?: boolean; typed?: string; secret?: string },
  ): void
  abort(client: string, sessionId: string): void
  sessions(client: string): { sessionId: string; profileId: string; title: string }[]
  /** The appliance a console session reaches (its profile and verified SSH target), for the client-side wizard. */
  describe(client: string, sessionId: string): { profileId: string; title: string; target?: RunnerTarget }
  upload(
    client: string,
    params: { sessionId: string; localPath: string; password?: string },
  ): Promise<{ name: string; bytes: number; via: string }>
  overview(client: string, sessionId: string): Promise<ApplianceOverview>
}

export function createRunnerService(options: RunnerServiceOptions): RunnerService {
  const attached = new Map<string, Attached>()
  /** What each console's prompt names (session.appliance); kept across a reopening of the same console. */
  const applianceNames = new Map<string, string>()
  /** Each console's appliance software version (as printed) and the era its profile pins; kept across a reopening. */
  const software = new Map<string, { version?: string; pinned?: Era }>()
  /** The era whose syntax a console's steps use: the profile's pin, else the version the appliance printed. */
  const eraOf = (sessionId: string): Era | undefined => {
    const known = software.get(sessionId)
    return known?.pinned ?? (known?.version === undefined ? undefined : eraOfVersion(known.version))
  }
  const softwareOf = (sessionId: string): EventPayload<'session.software'> => {
    const known = software.get(sessionId)
    return {
      sessionId,
      version: known?.version ?? null,
      era: eraOf(sessionId) ?? null,
      pinned: known?.pinned !== undefined,
    }
  }
  const learnVersion = (sessionId: string, version: string): void => {
    const known = software.get(sessionId) ?? {}
    if (known.version === version) return
    software.set(sessionId, { ...known, version })
    const a = attached.get(sessionId)
    if (a) options.emit(a.client, 'session.software', softwareOf(sessionId))
  }
  /**
   * The era to type a step in. When it is not known and the step's syntax differs between eras, Rackside reads it
   * with `hsm show` (the same line in every era), and if the appliance still does not say which version it runs, it
   * asks: the step is refused with what to do (pin the era in the profile). It never guesses a syntax.
   */
  const eraForStep = async (a: Attached, commandId: string): Promise<Era | undefined> => {
    const known = eraOf(a.sessionId)
    if (known !== undefined || !differsByEra(findCommand(commandId))) return known
    const read = await a.runner.run(hsmShow, {}, callbacksFor(a, {}, {}))
    const facts = read.facts as { softwareVersion?: string } | undefined
    const version = facts?.softwareVersion ?? softwareVersionIn(read.transcript)
    if (version !== undefined) learnVersion(a.sessionId, version)
    const era = eraOf(a.sessionId)
    if (era !== undefined) return era
    throw new RacksideError({
      code: 'invalid-request',
      message: `Rackside does not know which software version this appliance runs (${
        version === undefined
          ? `hsm show did not say: ${read.reason}`
          : `it says ${version}, which is no Luna SA / Luna Network HSM era Rackside speaks`
      }), and "${findCommand(commandId).title}" is typed differently on 3.x/4.x, 5.x, 6.x and 7.x. Pin the era in the connection profile (Appliance software), then run it again. Only hsm show was sent.`,
    })
  }
  /** Sessions the host is reopening after a link restart: resolved with the new runner once its shell is open. */
  const following = new Map<string, { resolve(a: Attached | undefined): void }>()
  /** Procedures done per profile: what was set, so the overview can tell "changed since done". */
  const done = new Map<string, DoneRecord[]>()
  // The demo appliance starts fresh with every host: what was done to an earlier one is not remembered.
  const persistent = (profileId: string): boolean =>
    options.dataDir !== undefined && !profileId.startsWith('demo')
  const doneFile = options.dataDir === undefined ? undefined : join(options.dataDir, 'procedures-done.json')
  if (doneFile) {
    try {
      const saved = JSON.parse(readFileSync(doneFile, 'utf8')) as Record<string, DoneRecord[]>
      for (const [profileId, records] of Object.entries(saved))
        if (Array.isArray(records)) done.set(profileId, records)
    } catch {
      // none yet, or unreadable: start empty (the appliance's own state still marks what looks done)
    }
  }
  const saveDone = (): void => {
    if (!doneFile || !options.dataDir) return
    const out: Record<string, DoneRecord[]> = {}
    for (const [profileId, records] of done) if (persistent(profileId)) out[profileId] = records
    try {
      mkdirSync(options.dataDir, { recursive: true })
      writeFileSync(`${doneFile}.tmp`, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 })
      renameSync(`${doneFile}.tmp`, doneFile)
    } catch {
      // the overview then falls back to what the appliance shows
    }
  }
  const keychainTimeout = options.keychainTimeoutMs ?? 2_000
  let vaultPromise: Promise<Vault | null> | undefined

  const upload = options.upload ?? defaultUpload
  const download = options.download ?? defaultDownload
  /** SHA-256 of the appliance's server.pem, fetched over SCP/SFTP with the pinned host key. */
  const serverCertificate = async (a: Attached, password: string | undefined): Promise<string> => {
    if (!a.target) throw new Error('this console has no SSH address')
    const pw = password ?? (await keychainGet({ kind: 'appliance-admin', applianceId: a.profileId }))
    if (!pw) throw new Error('the admin password is neither in the form nor in the keychain')
    const pem = await download({ ...a.target, password: pw }, 'server.pem')
    return certificateFingerprints(pem.toString('utf8')).sha256
  }
  const vault = (): Promise<Vault | null> => {
    // Default: the OS keychain, opened on first use (a host without one asks in the app instead).
    const v = options.vault === undefined ? () => Promise.resolve().then(() => openVault()) : options.vault
    if (v === null) return Promise.resolve(null)
    if (typeof v === 'function')
      return (vaultPromise ??= Promise.resolve()
        .then(() => v())
        .catch(() => null))
    return Promise.resolve(v)
  }
  const withTimeout = <T>(p: Promise<T>): Promise<T> =>
    Promise.race([
      p,
      new Promise<T>((_, reject) =>
        setTimeout(() => reject(new Error('The keychain did not answer in time.')), keychainTimeout),
      ),
    ])
  const keychainGet = async (account: VaultAccount): Promise<string | undefined> => {
    const v = await vault().catch(() => null)
    if (!v) return undefined
    try {
      return (await withTimeout(v.get(account))) ?? undefined
    } catch {
      return undefined
    }
  }
  const keychainSet = async (account: VaultAccount, secret: string): Promise<string> => {
    const v = await vault().catch(() => null)
    if (!v) return 'not stored: no keychain is configured for this host'
    try {
      await withTimeout(v.set(account, secret))
      return 'stored in the OS keychain'
    } catch (error) {
      return `not stored: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  const mine = (client: string, sessionId: string): Attached => {
    const a = attached.get(sessionId)
    if (!a || a.client !== client || a.closed)
      throw new RacksideError({
        code: 'not-found',
        message: 'This console is closed. Connect again, then run the step from the panel.',
      })
    return a
  }
  /** A console ready for a command: typing before its shell opens would go to the login prompt. */
  const ready = (client: string, sessionId: string): Attached => {
    const a = mine(client, sessionId)
    if (!a.connected)
      throw new RacksideError({
        code: 'busy',
        message:
          'The console is still connecting or logging in. Finish the login in the console, then run the step; nothing was sent.',
      })
    return a
  }

  const callbacksFor = (
    a: Attached,
    fields: Record<string, unknown>,
    given: Partial<Record<SecretId, string>>,
  ): RunCallbacks => {
    const ask = <T extends ConfirmAnswer | string>(
      kind: 'confirm' | 'password',
      event: Omit<RunnerPromptEvent, 'sessionId' | 'promptId' | 'kind'>,
    ): Promise<T> => {
      const promptId = `p-${randomBytes(8).toString('hex')}`
      return new Promise<T>((resolve) => {
        a.pending.set(promptId, { kind, resolve: resolve as (x: ConfirmAnswer | string) => void })
        options.emit(a.client, 'runner.prompt', { sessionId: a.sessionId, promptId, kind, ...event })
      })
    }
    return {
      // The state event (runner.onBusyChange) carries what the console waits for; the operator is there.
      pending: () => undefined,
      confirm: (request) =>
        ask<ConfirmAnswer>('confirm', {
          commandId: request.commandId,
          title: request.title,
          command: request.command,
          question: request.question,
          warning: request.warning,
          destructive: request.destructive,
          ...(request.mustType !== undefined ? { mustType: request.mustType } : {}),
        }),
      secret: async (request) => {
        const typed = given[request.secret]
        if (typed) return typed
        const account = vaultAccountFor(request.secret, a.profileId, fields)
        const stored = account ? await keychainGet(account) : undefined
        if (stored) return stored
        const answer = await ask<string>('password', {
          commandId: request.commandId,
          title: findCommand(request.commandId).title,
          command: '',
          question: request.prompt,
          warning: '',
          destructive: false,
          secret: request.secret,
          again: request.again,
        })
        if (answer === '') throw new Error('cancelled')
        return answer
      },
      ped: (notice) => {
        options.emit(a.client, 'runner.prompt', {
          sessionId: a.sessionId,
          promptId: `p-${randomBytes(8).toString('hex')}`,
          kind: 'ped',
          commandId: notice.commandId,
          title: findCommand(notice.commandId).title,
          command: '',
          question: notice.text,
          warning: 'Follow the PED: insert the key it asks for and enter its PIN. Rackside waits.',
          destructive: false,
          ped: { operation: notice.operation, keys: notice.keys },
        })
      },
    }
  }

  /** After a step is done: store the secret it set, remember what was done. */
  const afterDone = async (
    a: Attached,
    spec: AnyCommand,
    fields: Record<string, unknown>,
    secrets: Partial<Record<SecretId, string>>,
    used: (id: SecretId) => string | undefined,
  ): Promise<string | undefined> => {
    const list = done.get(a.profileId) ?? []
    done.set(a.profileId, [
      ...list.filter((r) => !(r.commandId === spec.id && sameFields(r.fields, fields))),
      {
        commandId: spec.id,
        fields,
        at: new Date().toISOString(),
      },
    ])
    if (persistent(a.profileId)) saveDone()
    void secrets
    if (spec.id === 'login.first-password-change') {
      const pw = used('appliance-new-password')
      if (pw) return keychainSet({ kind: 'appliance-admin', applianceId: a.profileId }, pw)
    }
    if (spec.id === 'partition.create' && typeof fields.partition === 'string') {
      const pw = used('partition-password')
      if (pw)
        return keychainSet({ kind: 'partition', applianceId: a.profileId, partition: fields.partition }, pw)
    }
    if (spec.id === 'partition.changePw' && typeof fields.partition === 'string') {
      const pw = used('partition-new-password')
      if (pw)
        return keychainSet({ kind: 'partition', applianceId: a.profileId, partition: fields.partition }, pw)
    }
    return undefined
  }

  /**
   * Before a step that restarts the link this console uses: arrange with the host to reopen the session to the
   * new address (a saved profile's address changes only if the operator says yes), and wait for it afterwards.
   */
  const prepareFollow = async (
    a: Attached,
    spec: AnyCommand,
    fields: Record<string, unknown>,
  ): Promise<{ address: string; reconnected: Promise<Attached | undefined>; cancel(): void } | undefined> => {
    const follow = options.reconnect
    if (!follow || !spec.dropsSession || fields.device !== 'eth0' || typeof fields.ip !== 'string') return
    const address = fields.ip
    const plan = follow.plan(a.sessionId, address)
    if (!plan) return
    let save = false
    if (plan.profileName !== undefined) {
      const promptId = `p-${randomBytes(8).toString('hex')}`
      const answer = await new Promise<ConfirmAnswer>((resolve) => {
        a.pending.set(promptId, { kind: 'confirm', resolve: resolve as (x: ConfirmAnswer | string) => void })
        options.emit(a.client, 'runner.prompt', {
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
    const password = await keychainGet({ kind: 'appliance-admin', applianceId: a.profileId })
    const timeoutMs = options.reconnectTimeoutMs ?? 180_000
    let timer: ReturnType<typeof setTimeout> | undefined
    const reconnected = new Promise<Attached | undefined>((resolve) => {
      following.set(a.sessionId, { resolve })
      timer = setTimeout(() => {
        following.delete(a.sessionId)
        resolve(undefined)
      }, timeoutMs)
    }).finally(() => clearTimeout(timer))
    follow.arm(a.sessionId, address, password, save)
    return {
      address,
      reconnected,
      cancel() {
        follow.disarm(a.sessionId)
        following.get(a.sessionId)?.resolve(undefined)
        following.delete(a.sessionId)
      },
    }
  }

  return {
    adminPassword: (profileId) => keychainGet({ kind: 'appliance-admin', applianceId: profileId }),

    open({ sessionId, client, profileId, title, target, write, writeSecret, note = () => undefined, era }) {
      if (era !== undefined) software.set(sessionId, { ...software.get(sessionId), pinned: era })
      const dataListeners = new Set<(text: string) => void>()
      const closeListeners = new Set<(reason: string) => void>()
      const channel: Channel = {
        write,
        writeSecret,
        onData(listener) {
          dataListeners.add(listener)
          return () => dataListeners.delete(listener)
        },
        onClose(listener) {
          closeListeners.add(listener)
          return () => closeListeners.delete(listener)
        },
      }
      const runner = new CommandRunner(channel, options.runner ?? {})
      const a: Attached = {
        sessionId,
        client,
        profileId,
        title,
        target,
        runner,
        dataListeners,
        closeListeners,
        closed: false,
        connected: false,
        pending: new Map(),
        note,
      }
      runner.onBusyChange((busy, command, waiting) => {
        if (!busy) {
          // Questions still open belong to a run that ended: drop them.
          for (const p of a.pending.values()) p.resolve(p.kind === 'confirm' ? { proceed: false } : '')
          a.pending.clear()
        }
        options.emit(client, 'runner.state', {
          sessionId,
          busy,
          ...(busy && command ? { command } : {}),
          ...(busy && waiting
            ? { waiting: { kind: waiting.kind, text: waiting.text, message: describeScreen(waiting) } }
            : {}),
        })
      })
      attached.set(sessionId, a)
      options.emit(client, 'runner.attached', { sessionId, profileId, title })
      if (software.has(sessionId)) options.emit(client, 'session.software', softwareOf(sessionId))
    },
    data(sessionId, text) {
      const a = attached.get(sessionId)
      if (a && !a.closed) for (const l of [...a.dataListeners]) l(text)
    },
    status(sessionId, state) {
      const a = attached.get(sessionId)
      if (a) a.connected = state === 'connected'
      const f = following.get(sessionId)
      if (a && f && state === 'connected') {
        following.delete(sessionId)
        f.resolve(a)
      }
    },
    named(sessionId, appliance) {
      if (appliance === null) applianceNames.delete(sessionId)
      else applianceNames.set(sessionId, appliance)
    },
    software: learnVersion,
    softwareOf,
    closed(sessionId, reason, reopening = false) {
      if (!reopening) {
        applianceNames.delete(sessionId)
        software.delete(sessionId)
      }
      const f = following.get(sessionId)
      if (f && !reopening) {
        // The reopened session never came up (or was closed before its shell opened).
        following.delete(sessionId)
        f.resolve(undefined)
      }
      const a = attached.get(sessionId)
      if (!a || a.closed) return
      a.closed = true
      for (const l of [...a.closeListeners]) l(reason)
      for (const p of a.pending.values()) p.resolve(p.kind === 'confirm' ? { proceed: false } : '')
      a.pending.clear()
      attached.delete(sessionId)
    },
    guardWrite(sessionId) {
      const a = attached.get(sessionId)
      // While the runner waits at a question it did not raise, the keyboard is the operator's: they answer it.
      if (a?.runner.busy && !a.runner.waiting)
        throw new RacksideError({
          code: 'busy',
          message: `Rackside is running "${a.runner.running ?? 'a command'}" in this console; your typing is held until it finishes. Abort it from the panel to type now.`,
        })
    },
    preview(commandId, fields, session) {
      const mineOpen = session && attached.get(session.sessionId)?.client === session.client
      return previewCommand(commandId, fields, mineOpen ? eraOf(session.sessionId) : undefined)
    },
    async run(client, { sessionId, commandId, fields, secrets = {} }) {
      const a = ready(client, sessionId)
      if (a.runner.busy)
        throw new RacksideError({
          code: 'busy',
          message: new RunnerBusyError(a.runner.running ?? 'a command').message,
        })
      const spec = commandFor(commandId, await eraForStep(a, commandId), fields)
      const used = new Map<SecretId, string>()
      const callbacks = callbacksFor(a, fields, secrets)
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
          ? await serverCertificate(a, adminPassword).catch(() => undefined)
          : undefined
      const follow = await prepareFollow(a, spec, fields)
      let step: StepResult
      try {
        step = await a.runner.runStep(spec, fields, recording)
      } catch (error) {
        follow?.cancel()
        if (error instanceof RunnerBusyError)
          throw new RacksideError({ code: 'busy', message: error.message })
        throw error
      }
      if (follow) {
        if (step.status !== 'unknown') follow.cancel()
        else {
          const next = await follow.reconnected
          if (next) {
            const check = await next.runner
              .verify(spec, fields, callbacksFor(next, fields, {}))
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
            if (check.status === 'done') await afterDone(next, spec, fields, secrets, (id) => used.get(id))
          } else
            step = {
              ...step,
              reason: `${step.reason} Rackside could not reconnect to ${follow.address} by itself.`,
            }
        }
      }
      const extra: Partial<RunnerResult> = {}
      if (step.status === 'done' && !follow) {
        const keychain = await afterDone(a, spec, fields, secrets, (id) => used.get(id))
        if (keychain) extra.keychain = keychain
      }
      if (spec.id === 'sysconf.regencert' && step.status === 'done') {
        try {
          const sha256 = await serverCertificate(a, adminPassword)
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
          (read, f) => a.runner.run(read, f, callbacksFor(a, f, {})),
          step.facts as HsmLicenses,
        )
        if (warnings.length > 0) extra.warnings = warnings
      }
      const result = toResult(step, extra)
      a.note(stepNote(spec.title, result, 'Ran'))
      return result
    },
    async verify(client, { sessionId, commandId, fields }) {
      const a = ready(client, sessionId)
      if (a.runner.busy)
        throw new RacksideError({
          code: 'busy',
          message: new RunnerBusyError(a.runner.running ?? 'a command').message,
        })
      const spec = commandFor(commandId, await eraForStep(a, commandId), fields)
      const started = Date.now()
      let check: Awaited<ReturnType<CommandRunner['verify']>>
      try {
        check = await a.runner.verify(spec, fields, callbacksFor(a, fields, {}))
      } catch (error) {
        if (error instanceof RunnerBusyError)
          throw new RacksideError({ code: 'busy', message: error.message })
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
      if (check.status === 'done') await afterDone(a, spec, fields, {}, () => undefined)
      const result = toResult(step)
      a.note(stepNote(spec.title, result, 'Checked'))
      return result
    },
    answer(client, { sessionId, promptId, proceed, typed, secret }) {
      const a = mine(client, sessionId)
      const p = a.pending.get(promptId)
      if (!p)
        throw new RacksideError({
          code: 'not-found',
          message: 'That question is no longer waiting (the command ended or was aborted).',
        })
      a.pending.delete(promptId)
      if (p.kind === 'confirm')
        p.resolve(typed === undefined ? { proceed: proceed === true } : { proceed: proceed === true, typed })
      else p.resolve(proceed === false ? '' : (secret ?? ''))
    },
    abort(client, sessionId) {
      mine(client, sessionId).runner.abort()
    },
    sessions(client) {
      return [...attached.values()]
        .filter((a) => a.client === client && !a.closed)
        .map(({ sessionId, profileId, title }) => {
          const appliance = applianceNames.get(sessionId)
          return { sessionId, profileId, title: appliance ? `${appliance} (${title})` : title }
        })
    },
    describe(client, sessionId) {
      const { profileId, title, target } = mine(client, sessionId)
      return { profileId, title, ...(target ? { target } : {}) }
    },
    async upload(client, { sessionId, localPath, password }) {
      const a = mine(client, sessionId)
      if (!a.target)
        throw new RacksideError({
          code: 'not-found',
          message: 'This console has no SSH address to upload to. Upload the file with scp, then continue.',
        })
      const name = basename(localPath)
      if (!/^[A-Za-z0-9._][A-Za-z0-9._-]{0,127}$/.test(name))
        throw new RacksideError({
          code: 'invalid-request',
          message: `"${name}" is not a plain file name the appliance accepts (letters, digits, . _ -, not starting with -). Rename the file.`,
        })
      // An absolute path to a regular file within the size limit, or a refusal saying why (upload-file.ts).
      const data = await readUploadFile(localPath)
      const pw = password ?? (await keychainGet({ kind: 'appliance-admin', applianceId: a.profileId }))
      if (!pw)
        throw new RacksideError({
          code: 'auth-failed',
          message:
            'The admin password is not in the keychain. Type it in the upload form (it is used for this upload only).',
        })
      try {
        const { via } = await upload({ ...a.target, password: pw }, name, data)
        return { name, bytes: data.length, via }
      } catch (error) {
        throw new RacksideError({
          code: 'connection-failed',
          message: `The upload of ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        })
      }
    },
    async overview(client, sessionId) {
      const a = ready(client, sessionId)
      if (a.runner.busy)
        throw new RacksideError({
          code: 'busy',
          message: 'A command is running in this console. Wait for it, then refresh.',
        })
      // The reads in the appliance's era; an unknown era is read first (hsm show), and if it stays unknown the
      // reads go out as written, each failing on its own rather than the whole overview.
      const era = await eraForStep(a, 'network.show').catch(() => undefined)
      return readOverview(
        async (spec, fields) => {
          const row = rowFor(spec, era, fields)
          if (row) return a.runner.run(row, fields, callbacksFor(a, fields, {}))
          return {
            status: 'failed',
            commandId: spec.id,
            command: '',
            reason: `${spec.title} is not a command of ${era}.x appliances.`,
            interactions: [],
            transcript: '',
            durationMs: 0,
          }
        },
        done.get(a.profileId) ?? [],
      )
    },
  }
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Pushes a file into the admin's home with the host key pinned (SFTP when offered, else SCP). */
async function defaultUpload(
  target: RunnerTarget & { password: string },
  name: string,
  data: Buffer,
): Promise<{ via: string }> {
  const conn = await connectForTransfer({
    host: target.host,
    port: target.port,
    username: 'admin',
    password: target.password,
    expectedHostKey: target.hostKeyFingerprint,
  })
  try {
    return await pushFile(conn, name, data)
  } finally {
    conn.close()
  }
}

async function defaultDownload(target: RunnerTarget & { password: string }, name: string): Promise<Buffer> {
  const conn = await connectForTransfer({
    host: target.host,
    port: target.port,
    username: 'admin',
    password: target.password,
    expectedHostKey: target.hostKeyFingerprint,
  })
  try {
    return (await pullFile(conn, name)).data
  } finally {
    conn.close()
  }
}
