/**
 * The console side of the host: which session a profile opens (demo SSH, demo serial, saved SSH/serial/local
 * profiles), the transcript every session writes, host keys (first contact, remember, pin from a serial
 * console) and serial line signals. host.ts routes requests here and stays a small registry.
 */
import { basename, join } from 'node:path'
import { existsSync, mkdirSync } from 'node:fs'
import {
  RacksideError,
  type ConnectionProfile,
  type ProfileSpec,
  type ProfileSpecInput,
  serialSettings,
  type SerialSettings,
  type Result,
} from '../../shared/api'
import { appDataDir } from './data-dir'
import { openKnownHosts, type KnownHosts } from './known-hosts'
import type { LocalSessionOptions } from './local-session'
import type { SerialSessionOptions } from './serial-session'
import type { ConsoleSession, SessionSignal, SessionSink, SignalResult } from './session'
import type { SshSessionOptions } from './ssh-session'
import { withTranscript, type RecordOptions } from './transcribed'
import { fileFailure } from './transcript'
import { verifyTranscripts } from './transcript-verdicts'
import type { DemoProvider } from '../host/demo'
import { openProfileStore, type ProfileStore } from './profiles'
import { listSerialPorts, type PortListing } from './serial-ports'
import { createConsoleHostKeys, type ConsoleHostKeys } from './console-host-keys'
import type { LiveAppliances } from './live-appliance'

export type SshOpener = (options: SshSessionOptions, sink: SessionSink) => Promise<ConsoleSession>
export type SerialOpener = (options: SerialSessionOptions, sink: SessionSink) => Promise<ConsoleSession>
export type LocalOpener = (options: LocalSessionOptions, sink: SessionSink) => Promise<ConsoleSession>

export interface ConsolesOptions {
  dataDir: string
  demo: DemoProvider
  /** The PED HSM demo appliance (its own simulator, started on connect). */
  demoPed?: DemoProvider
  openSsh: SshOpener
  openSerial?: SerialOpener
  openLocal?: LocalOpener
  /** Electron: shell.openPath (resolves '' on success, else the error). Absent in the browser host. */
  openPath?: (path: string) => Promise<string>
  /**
   * The live appliances: the admin password the keychain keeps for a saved appliance (stored by the guided first
   * login), which an SSH console logs in with first, asking in the console only if the appliance refuses it; and
   * the Luna client folder the client wizard located, where the local terminal starts first.
   */
  appliances?: Pick<LiveAppliances, 'keptAdminPassword' | 'lunaClientFolder'>
  /** The Luna client folder, when one is installed (default: the standard install folders). */
  clientFolder?: () => Promise<string | undefined>
  /** SSH_AUTH_SOCK, for agent authentication. */
  sshAgent?: string
}

export const demoProfile: ConnectionProfile = {
  id: 'demo',
  name: 'Demo appliance (built-in simulator)',
  kind: 'demo',
  target: 'admin@127.0.0.1 (simulated Luna appliance, started on connect)',
}
export const demoSerialProfile: ConnectionProfile = {
  id: 'demo-serial',
  name: 'Demo appliance — serial console',
  kind: 'serial',
  target: 'the simulated appliance’s serial console (a pty) @ 115200 8N1',
}
export const demoPedProfile: ConnectionProfile = {
  id: 'demo-ped',
  name: 'Demo appliance — PED HSM (built-in simulator)',
  kind: 'demo',
  target: 'admin@127.0.0.1 (simulated Luna appliance with a PED-authenticated HSM, started on connect)',
}
export const localProfile: ConnectionProfile = {
  id: 'local',
  name: 'Local terminal',
  kind: 'local',
  target: 'A shell on this computer, in the Luna client folder when one is known',
}
const builtIn = [demoProfile, demoSerialProfile, demoPedProfile, localProfile]

/** Where profiles, known hosts, transcripts and settings live: the desktop app's folder on every host. */
export function defaultDataDir(env = process.env): string {
  return appDataDir(env)
}

export interface OpenedConsole {
  session: ConsoleSession
  kind: 'ssh' | 'serial' | 'local' | 'demo'
  /** The transcript file; absent when none could be opened (the operator was told why). */
  transcript?: string
}

export interface BeforeOpen {
  title: string
  /** The appliance's SSH endpoint with a pinned key (demo profiles), for transfers. */
  target?: { host: string; port: number; hostKeyFingerprint: string }
}

/** Host keys as the routes ask for them: pin from a serial console, scan, accept, list, forget. */
type HostKeyRequests = Pick<
  ConsoleHostKeys,
  'pinFromSerial' | 'scanHostKey' | 'acceptHostKey' | 'listHostKeys' | 'forgetHostKey'
>

export interface Consoles extends HostKeyRequests {
  profiles(): ConnectionProfile[]
  getProfile(id: string): ProfileSpec
  saveProfile(profile: ProfileSpecInput): ConnectionProfile
  deleteProfile(id: string): void
  serialPorts(): Promise<PortListing>
  open(
    profileId: string,
    cols: number,
    rows: number,
    sink: SessionSink,
    /** Called just before the transport opens (the command runner attaches here). */
    beforeOpen?: (info: BeforeOpen) => void,
    /**
     * When the host reopens a console (a dropped link, an interface change): a password to try first (from the
     * keychain) and the transcript the console already writes, to go on in.
     */
    reopen?: { password?: string; transcript?: string },
  ): Promise<OpenedConsole>
  signal(session: ConsoleSession, signal: SessionSignal): Promise<SignalResult>
  openTranscripts(): Promise<{ path: string; opened: boolean }>
  /** The seals of every transcript in the folder (transcript-verdicts.ts). */
  verifyTranscripts(): Result<'transcripts.verify'>
  readonly knownHosts: KnownHosts
  readonly transcriptsDir: string
}

export function createConsoles(options: ConsolesOptions): Consoles {
  const store: ProfileStore = openProfileStore(
    options.dataDir,
    builtIn.map((p) => p.id),
  )
  const knownHosts = openKnownHosts(options.dataDir)
  const transcriptsDir = join(options.dataDir, 'transcripts')

  const openSerial: SerialOpener =
    options.openSerial ?? (async (o, s) => (await import('./serial-session')).openSerialSession(o, s))
  const clientFolder =
    options.clientFolder ??
    (async () =>
      (await import('../client/locate')).locateLunaClient({ skipVersion: true }).then((c) => c.folder))
  const openLocal: LocalOpener =
    options.openLocal ?? (async (o, s) => (await import('./local-session')).openLocalSession(o, s))

  const specFor = (id: string): ProfileSpec => {
    const spec = store.get(id)
    if (!spec)
      throw new RacksideError({ code: 'not-found', message: `There is no connection profile "${id}".` })
    return spec
  }
  const hostKeys = createConsoleHostKeys(knownHosts, specFor, options.sshAgent)

  /** Where a console's transcript goes: the transcripts folder, going on in `continues` when reconnecting. */
  const recordOf = (title: string, continues: string | undefined): RecordOptions => ({
    dir: transcriptsDir,
    title,
    ...(continues !== undefined ? { continues } : {}),
  })

  const serialOptions = (settings: SerialSettings, title: string): SerialSessionOptions => ({
    ...settings,
    title,
  })

  return {
    knownHosts,
    transcriptsDir,
    profiles: () => [...builtIn, ...store.list()],
    getProfile(id) {
      if (builtIn.some((p) => p.id === id))
        throw new RacksideError({
          code: 'invalid-request',
          message: 'The built-in profiles cannot be edited.',
        })
      return specFor(id)
    },
    saveProfile: (profile) => store.save(profile),
    deleteProfile: (id) => store.remove(id),
    async serialPorts() {
      const running = options.demo.current?.()
      return listSerialPorts(
        undefined,
        running?.serialPath
          ? [{ path: running.serialPath, manufacturer: 'Rackside demo appliance (pty)' }]
          : [],
      )
    },

    async open(profileId, cols, rows, sink, beforeOpen = () => undefined, reopen = {}) {
      const continues = reopen.transcript
      const demoPed = profileId === demoPedProfile.id ? options.demoPed : undefined
      if (profileId === demoPedProfile.id && !demoPed)
        throw new RacksideError({ code: 'not-found', message: 'This host has no PED demo appliance.' })
      if (profileId === demoProfile.id || profileId === demoSerialProfile.id || demoPed) {
        const target = await (demoPed ?? options.demo).start().catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error)
          throw new RacksideError({
            code: 'internal',
            message: `The built-in demo appliance could not start: ${reason}`,
          })
        })
        if (profileId === demoSerialProfile.id) {
          if (!target.serialPath)
            throw new RacksideError({
              code: 'not-found',
              message:
                'The demo appliance has no serial console here (it needs socat: apt-get install socat).',
            })
          const title = `Demo appliance ${target.serial} (serial)`
          beforeOpen({ title, target })
          // The schema's defaults are the Luna console's: 115200 8N1, no flow control, Enter sends CR.
          const settings: SerialSettings = serialSettings.parse({ path: target.serialPath })
          const opened = await withTranscript(recordOf(title, continues), sink, (s) =>
            openSerial(serialOptions(settings, title), s),
          )
          hostKeys.watchSerial(opened.session, { host: target.host, port: target.port })
          return { ...opened, kind: 'serial' }
        }
        const title = `Demo appliance ${target.serial}${demoPed ? ' (PED HSM)' : ''}`
        beforeOpen({ title, target })
        const opened = await withTranscript(recordOf(title, continues), sink, (s) =>
          options.openSsh(
            {
              host: target.host,
              port: target.port,
              username: 'admin',
              hostKeyFingerprint: target.hostKeyFingerprint,
              initialPassword: reopen.password ?? 'PASSWORD',
              title,
              cols,
              rows,
            },
            s,
          ),
        )
        return { ...opened, kind: 'demo' }
      }
      if (profileId === localProfile.id) {
        const cwd = options.appliances?.lunaClientFolder ?? (await clientFolder().catch(() => undefined))
        beforeOpen({ title: 'Local terminal' })
        const opened = await withTranscript(recordOf('Local terminal', continues), sink, (s) =>
          openLocal({ cols, rows, ...(cwd ? { cwd } : {}), title: 'Local terminal' }, s),
        )
        return { ...opened, kind: 'local' }
      }
      const spec = specFor(profileId)
      beforeOpen({ title: spec.name })
      if (spec.kind === 'ssh') {
        const { host, port, username } = spec.ssh
        if (spec.ssh.auth === 'agent' && !options.sshAgent)
          throw new RacksideError({
            code: 'auth-failed',
            message:
              'No SSH agent is running (SSH_AUTH_SOCK is not set). Start one, or pick another login method.',
          })
        const password =
          reopen.password ??
          (spec.ssh.auth === 'password' && username === 'admin'
            ? await options.appliances?.keptAdminPassword(profileId).catch(() => undefined)
            : undefined)
        const opened = await withTranscript(recordOf(spec.name, continues), sink, (s) =>
          options.openSsh(
            {
              host,
              port,
              username,
              verifyHostKey: hostKeys.verifierFor(host, port),
              ...hostKeys.jumpOf(spec.ssh),
              auth: spec.ssh.auth,
              ...(spec.ssh.keyPath ? { keyPath: spec.ssh.keyPath } : {}),
              ...(options.sshAgent ? { agent: options.sshAgent } : {}),
              ...(password !== undefined
                ? {
                    initialPassword: password,
                    initialPasswordFrom: 'The admin password kept in the keychain',
                  }
                : {}),
              legacyAlgorithms: spec.ssh.legacyAlgorithms,
              keepaliveSeconds: spec.ssh.keepaliveSeconds,
              title: spec.name,
              cols,
              rows,
            },
            s,
          ),
        )
        return { ...opened, kind: 'ssh' }
      }
      if (spec.kind === 'serial') {
        const opened = await withTranscript(recordOf(spec.name, continues), sink, (s) =>
          openSerial(serialOptions(spec.serial, spec.name), s),
        )
        hostKeys.watchSerial(
          opened.session,
          spec.serial.applianceAddress
            ? { host: spec.serial.applianceAddress, port: spec.serial.sshPort ?? 22 }
            : undefined,
        )
        return { ...opened, kind: 'serial' }
      }
      const opened = await withTranscript(recordOf(spec.name, continues), sink, (s) =>
        openLocal({ cols, rows, ...(spec.cwd ? { cwd: spec.cwd } : {}), title: spec.name }, s),
      )
      return { ...opened, kind: 'local' }
    },

    async signal(session, signal) {
      if (!session.signal)
        return { applied: false, message: 'BREAK, DTR and RTS exist only on a serial console.' }
      return session.signal(signal)
    },

    pinFromSerial: hostKeys.pinFromSerial,
    scanHostKey: hostKeys.scanHostKey,
    acceptHostKey: hostKeys.acceptHostKey,
    listHostKeys: hostKeys.listHostKeys,
    forgetHostKey: hostKeys.forgetHostKey,

    async openTranscripts() {
      try {
        mkdirSync(transcriptsDir, { recursive: true, mode: 0o700 })
      } catch (error) {
        throw new RacksideError({
          code: 'internal',
          message: `The transcripts folder ${transcriptsDir} cannot be used: ${fileFailure(error)}.`,
        })
      }
      if (!options.openPath || !existsSync(transcriptsDir)) return { path: transcriptsDir, opened: false }
      const error = await options.openPath(transcriptsDir)
      return { path: transcriptsDir, opened: error === '' }
    },

    verifyTranscripts() {
      if (!existsSync(transcriptsDir)) return { path: transcriptsDir, transcripts: [], unreadable: [] }
      const { verdicts, unreadable } = verifyTranscripts([transcriptsDir])
      return {
        path: transcriptsDir,
        // The page is told file names, not where the files are beyond the folder it is shown.
        transcripts: verdicts.map(({ file, ...verdict }) => ({ name: basename(file), ...verdict })),
        unreadable,
      }
    },
  }
}
