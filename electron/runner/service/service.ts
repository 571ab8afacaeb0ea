/**
 * The host's side of the guided procedures: one CommandRunner per console session, fed with the session's
 * output and typing into it, so the operator sees every command. It turns the runner's callbacks into events
 * for the renderer (confirmations, password prompts, PED notices) and waits for the operator's answers, holds the
 * session's keyboard while a command runs, and keeps which procedures were done for the overview. What it knows of
 * each console's appliance (profile, address, era, kept password) it asks the console's LiveAppliance.
 */
import { basename } from 'node:path'
import {
  RacksideError,
  type ApplianceOverview,
  type EventName,
  type EventPayload,
  type RunnerPreview,
  type RunnerResult,
} from '../../../shared/api'
import type { SecretId } from '../../../shared/lunash/commands'
import { describeScreen } from '../../../shared/lunash/screen'
import { fedChannel } from '../channel'
import { CommandRunner } from '../runner'
import { runInEra } from '../run-in-era'
import type { ConsoleRunners, LiveAppliances } from '../../sessions'
import type { KeychainService } from '../../vault/service'
import { readOverview } from '../../host/procedure-status'
import { openUploadFile } from './upload-file'
import { callbacksFor, eraForStep, learnVersion, mine, ready, softwareOf, type Attached } from './attached'
import { previewCommand } from './commands'
import { DoneRecords } from './done-records'
import { runStep, verifyStep, type StepContext } from './steps'
import { defaultDownload, defaultUpload, type RunnerTarget } from './transfer'
import type { Progress, UploadData } from '../../client/scp'

export interface RunnerServiceOptions {
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  /** The host's one keychain: passwords for prompts, and the passwords steps set. */
  keychain: KeychainService
  /** Each console's appliance: its profile, address, era, kept password and whether it can follow a new address. */
  appliances: LiveAppliances
  /** Overrides for tests (quiet time before answering a prompt, resync after Ctrl-C). */
  runner?: { promptQuietMs?: number; resyncMs?: number }
  /** Uploads a file to the appliance's admin home over SCP/SFTP (firmware packages). */
  upload?: (
    target: RunnerTarget & { password: string },
    name: string,
    data: UploadData,
    onProgress?: (p: Progress) => void,
  ) => Promise<{ via: string }>
  /**
   * Where the steps Rackside completed are kept (procedures-done.json: command ids and their fields, never a
   * secret), so the overview can say "changed since done" after a restart. Unset: kept in memory only.
   */
  dataDir?: string
  /** Downloads a file from the admin home (server.pem, to show the NTLS certificate's fingerprint). */
  download?: (target: RunnerTarget & { password: string }, name: string) => Promise<Buffer>
  /** How long the runner waits for a reconnection after an interface change (the operator may type the password). */
  reconnectTimeoutMs?: number
}

/** The consoles' runners (ConsoleRunners, as sessions/ asks for them) and what the routes ask of them. */
export interface RunnerService extends ConsoleRunners {
  /** What is known of the console's software version and era (the `session.software` event's payload). */
  softwareOf(sessionId: string): EventPayload<'session.software'>
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
  upload(
    client: string,
    params: { sessionId: string; localPath: string; password?: string },
  ): Promise<{ name: string; bytes: number; via: string }>
  overview(client: string, sessionId: string): Promise<ApplianceOverview>
}

export function createRunnerService(options: RunnerServiceOptions): RunnerService {
  const ctx: StepContext = {
    emit: options.emit,
    keychain: options.keychain,
    appliances: options.appliances,
    attached: new Map<string, Attached>(),
    done: new DoneRecords(options.dataDir),
    following: new Map(),
    reconnectTimeoutMs: options.reconnectTimeoutMs ?? 180_000,
    download: options.download ?? defaultDownload,
  }
  const { attached, following } = ctx
  const upload = options.upload ?? defaultUpload

  return {
    open({ appliance, write, writeSecret, note = () => undefined }) {
      const { sessionId, client, profileId, title } = appliance
      const feed = fedChannel({ write, writeSecret })
      const runner = new CommandRunner(feed.channel, options.runner ?? {})
      const a: Attached = {
        sessionId,
        client,
        appliance,
        runner,
        feed,
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
      if (appliance.version !== undefined || appliance.eraPinned)
        options.emit(client, 'session.software', softwareOf(ctx, sessionId))
    },
    data(sessionId, text) {
      const a = attached.get(sessionId)
      if (a && !a.closed) a.feed.data(text)
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
    software: (sessionId, version) => learnVersion(ctx, sessionId, version),
    softwareOf: (sessionId) => softwareOf(ctx, sessionId),
    closed(sessionId, reason, reopening = false) {
      const f = following.get(sessionId)
      if (f && !reopening) {
        // The reopened session never came up (or was closed before its shell opened).
        following.delete(sessionId)
        f.resolve(undefined)
      }
      const a = attached.get(sessionId)
      if (!a || a.closed) return
      a.closed = true
      a.feed.close(reason)
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
      const open = session && attached.get(session.sessionId)
      const era = open && open.client === session.client ? open.appliance.era : undefined
      return previewCommand(commandId, fields, era)
    },
    run: (client, params) => runStep(ctx, client, params),
    verify: (client, params) => verifyStep(ctx, client, params),
    answer(client, { sessionId, promptId, proceed, typed, secret }) {
      const a = mine(ctx, client, sessionId)
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
      mine(ctx, client, sessionId).runner.abort()
    },
    sessions(client) {
      return [...attached.values()]
        .filter((a) => a.client === client && !a.closed)
        .map(({ sessionId, appliance: { profileId, title, name } }) => ({
          sessionId,
          profileId,
          title: name ? `${name} (${title})` : title,
        }))
    },
    async upload(client, { sessionId, localPath, password }) {
      const a = mine(ctx, client, sessionId)
      const target = a.appliance.target
      if (!target)
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
      const source = await openUploadFile(localPath)
      try {
        const pw = password ?? (await a.appliance.adminPassword())
        if (!pw)
          throw new RacksideError({
            code: 'auth-failed',
            message:
              'The admin password is not in the keychain. Type it in the upload form (it is used for this upload only).',
          })
        // Progress for the page, at most about once per percent: a 1 GiB file would otherwise be 32 768 events.
        let shown = -1
        const onProgress = ({ transferred, total }: Progress): void => {
          const percent = Math.floor((transferred * 100) / total)
          if (percent === shown && transferred !== total) return
          shown = percent
          options.emit(client, 'client.transfer.progress', { sessionId, file: name, transferred, total })
        }
        try {
          const { via } = await upload({ ...target, password: pw }, name, source, onProgress)
          return { name, bytes: source.size, via }
        } catch (error) {
          // The file's own refusal (it changed or vanished mid-upload) already says what to do.
          if (error instanceof RacksideError) throw error
          throw new RacksideError({
            code: 'connection-failed',
            message: `The upload of ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
          })
        }
      } finally {
        await source.close()
      }
    },
    async overview(client, sessionId) {
      const a = ready(ctx, client, sessionId)
      if (a.runner.busy)
        throw new RacksideError({
          code: 'busy',
          message: 'A command is running in this console. Wait for it, then refresh.',
        })
      // The reads in the appliance's era; an unknown era is read first (hsm show), and if it stays unknown the
      // reads go out as written, each failing on its own rather than the whole overview.
      const era = await eraForStep(ctx, a, 'network.show').catch(() => undefined)
      return readOverview(
        (spec, fields) =>
          runInEra(spec, era, fields, (row) => a.runner.run(row, fields, callbacksFor(ctx, a, fields, {}))),
        ctx.done.of(a.appliance.profileId),
      )
    },
  }
}
