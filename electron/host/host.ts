/**
 * The host: creates the services (the keychain, the live appliances, consoles, the command runner, the client
 * side, the live consoles) and the routing table that answers shared/api.ts. The services ask each other through
 * the keychain and the live appliances, not through callbacks wired here. It knows no transport; Electron IPC and
 * the browser host's WebSocket both call `dispatch` and forward `events` to their renderer.
 */
import { EventEmitter } from 'node:events'
import type { EventName, EventPayload, Reply } from '../../shared/api'
import { toApiError } from '../../shared/errors'
import type { ConsoleSession, SessionSink } from '../sessions/session'
import { openSshSession, type SshSessionOptions } from '../sessions/ssh-session'
import { validateRequest } from './validate'
import { createLiveSessions } from '../sessions/live-sessions'
import { createRoutes, route } from './routes'
import type { LogFolder } from './routes/app'
import type { NativeChooser } from './routes/files'
import type { HostChooserOptions } from '../files/host-chooser'
import { simulatorDemo, type DemoProvider } from './demo'
import { createRunnerService, type RunnerServiceOptions } from '../runner/service'
import { LiveAppliances } from '../sessions'
import { createKeychainService, type VaultSource } from '../vault/service'
import {
  createConsoles,
  defaultDataDir,
  demoProfile,
  demoPedProfile,
  demoSerialProfile,
  type ConsolesOptions,
} from '../sessions/consoles'
import { createClientService, type ClientServiceOptions } from '../client/service/service'
import { createSettingsStore } from '../settings/store'

export interface HostEvent<E extends EventName = EventName> {
  /** The transport client (window, WebSocket) the event belongs to. */
  client: string
  name: E
  payload: EventPayload<E>
}

export interface Host {
  readonly kind: 'electron' | 'web'
  /** Validates and runs one request. Never throws: every failure is a typed error reply. */
  dispatch(method: unknown, params: unknown, client?: string): Promise<Reply>
  /** Emits 'event' with a HostEvent for the transports to forward. */
  readonly events: EventEmitter<{ event: [HostEvent] }>
  /** A window closed or a socket went away: close the sessions it opened. */
  disconnectClient(client: string): void
  /** Closes every session and stops the demo appliance. */
  close(): Promise<void>
}

export interface HostOptions {
  kind: 'electron' | 'web'
  /** The app's version, as the transport knows it (Electron: app.getVersion(); browser host: package.json). */
  version?: string
  demo?: DemoProvider
  /** The PED HSM demo appliance (default: a second simulator with hsmAuthentication 'ped'). */
  demoPed?: DemoProvider
  openSsh?: (options: SshSessionOptions, sink: SessionSink) => Promise<ConsoleSession>
  maxSessionsPerClient?: number
  /** Where profiles, known hosts and transcripts live (default: $RACKSIDE_DATA_DIR or ~/.config/rackside). */
  dataDir?: string
  /** Consoles: serial/local openers, shell.openPath, the Luna client folder (tests and Electron pass these). */
  consoles?: Partial<Omit<ConsolesOptions, 'dataDir' | 'demo' | 'openSsh'>>
  /**
   * The one keychain every service uses (default: the OS keychain; null: none, passwords are always asked).
   * `runner.vault` and `client.vault` are older spellings of it.
   */
  vault?: VaultSource
  /** The command runner's uploads and timings (guided procedures). */
  runner?: Omit<RunnerServiceOptions, 'emit' | 'keychain' | 'appliances'> & { vault?: VaultSource }
  /** The client-side wizard's platform and NTL check timeout. */
  client?: Pick<ClientServiceOptions, 'platform' | 'probeTimeoutMs'> & { vault?: VaultSource }
  /**
   * When an SSH console's link drops, the wait before each automatic reconnection attempt (default 1, 2, 4, 8
   * and 16 s: five attempts over about half a minute). An empty list turns automatic reconnection off.
   */
  reconnectDelaysMs?: number[]
  /** Electron: flashes the window of a client whose command waits for the operator (default: none). */
  attention?: (client: string) => boolean
  /** The app log's folder, and (Electron) how to open it: "Open log folder". */
  logFolder?: LogFolder
  /** Electron: the OS file dialog for files.choose (the host itself never imports electron). */
  chooseFile?: NativeChooser
  /** The browser host's chooser: what it may show (default: home and the Luna client folders). */
  files?: HostChooserOptions
}

export const defaultReconnectDelaysMs = [1_000, 2_000, 4_000, 8_000, 16_000]

export { demoProfile }

export function createHost(options: HostOptions): Host {
  const events = new EventEmitter<{ event: [HostEvent] }>()
  const demo = options.demo ?? simulatorDemo()
  // The PED HSM demo: a second simulator whose PED answers after a short delay (the operator sees the notice).
  const demoPed =
    options.demoPed ?? simulatorDemo({ hsmAuthentication: 'ped', pedDelayMs: 1500, firstSerial: '157642' })
  const openSsh = options.openSsh ?? openSshSession

  const emit = <E extends EventName>(client: string, name: E, payload: EventPayload<E>): void => {
    events.emit('event', { client, name, payload } as HostEvent)
  }
  const { vault: runnerVault, ...runnerOptions } = options.runner ?? {}
  const { vault: clientVault, ...clientOptions } = options.client ?? {}
  const keychain = createKeychainService({
    source:
      options.vault !== undefined ? options.vault : runnerVault !== undefined ? runnerVault : clientVault,
  })
  const appliances = new LiveAppliances(keychain)
  const runners = createRunnerService({
    dataDir: options.dataDir ?? defaultDataDir(),
    ...runnerOptions,
    emit,
    keychain,
    appliances,
  })
  const consoles = createConsoles({
    sshAgent: process.env.SSH_AUTH_SOCK,
    ...options.consoles,
    dataDir: options.dataDir ?? defaultDataDir(),
    demo,
    demoPed,
    openSsh,
    appliances,
  })
  const clientSide = createClientService({
    ...clientOptions,
    dataDir: options.dataDir ?? defaultDataDir(),
    // Each demo profile's own appliance: the wizard uses its NTLS port and its simulated Luna client.
    demoOf: (profileId) =>
      profileId === demoPedProfile.id
        ? demoPed
        : profileId === demoProfile.id || profileId === demoSerialProfile.id
          ? demo
          : undefined,
    emit,
    appliances,
    keychain,
  })

  const liveSessions = createLiveSessions({
    runners,
    appliances,
    consoles,
    clientSide,
    emit,
    demo,
    demoPed,
    reconnectDelaysMs: options.reconnectDelaysMs ?? defaultReconnectDelaysMs,
    maxSessionsPerClient: options.maxSessionsPerClient ?? 16,
  })
  const routes = createRoutes({
    app: { version: options.version ?? 'unknown', host: options.kind },
    ...(options.attention ? { attention: options.attention } : {}),
    ...(options.logFolder ? { logFolder: options.logFolder } : {}),
    live: liveSessions,
    consoles,
    runners,
    clientSide,
    vaults: keychain,
    settings: createSettingsStore({ dataDir: options.dataDir ?? defaultDataDir() }),
    ...(options.chooseFile ? { chooseFile: options.chooseFile } : {}),
    ...(options.files ? { fileRoots: options.files } : {}),
  })

  return {
    kind: options.kind,
    events,
    async dispatch(method, params, client = 'default') {
      try {
        const request = validateRequest(method, params)
        return { ok: true, value: await route(routes, request, { client }) }
      } catch (error) {
        return { ok: false, error: toApiError(error) }
      }
    },
    disconnectClient(client) {
      liveSessions.clientGone(client)
    },
    async close() {
      liveSessions.closeAll()
      await Promise.all([demo.stop(), demoPed.stop()])
    },
  }
}
