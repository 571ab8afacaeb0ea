/**
 * The host: wires the services (consoles, the command runner, the client side, the live consoles) to the routing
 * table that answers shared/api.ts. It knows no transport; Electron IPC and the browser host's WebSocket both
 * call `dispatch` and forward `events` to their renderer.
 */
import { EventEmitter } from 'node:events'
import type { EventName, EventPayload, Reply } from '../../shared/api'
import { toApiError } from '../../shared/errors'
import type { ConsoleSession, SessionSink } from '../sessions/session'
import { openSshSession, type SshSessionOptions } from '../sessions/ssh-session'
import { validateRequest } from './validate'
import { createLiveSessions } from '../sessions/live-sessions'
import { createRoutes, route } from './routes'
import { simulatorDemo, type DemoProvider } from './demo'
import { createRunnerService, type RunnerServiceOptions } from '../runner/service/service'
import {
  createConsoles,
  defaultDataDir,
  demoProfile,
  demoPedProfile,
  demoSerialProfile,
  type ConsolesOptions,
} from '../sessions/consoles'
import { createClientService, type ClientServiceOptions } from '../client/service/service'

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
  /** The command runner's keychain, uploads and timings (guided procedures). */
  runner?: Omit<RunnerServiceOptions, 'emit'>
  /** The client-side wizard's keychain (default: the OS keychain), platform and NTL check timeout. */
  client?: Pick<ClientServiceOptions, 'vault' | 'platform' | 'probeTimeoutMs'>
  /**
   * When an SSH console's link drops, the wait before each automatic reconnection attempt (default 1, 2, 4, 8
   * and 16 s: five attempts over about half a minute). An empty list turns automatic reconnection off.
   */
  reconnectDelaysMs?: number[]
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
  const runners = createRunnerService({
    dataDir: options.dataDir ?? defaultDataDir(),
    ...options.runner,
    emit,
    // Runs later, when a step changes the appliance's address: by then the consoles below exist.
    reconnect: {
      plan: (sessionId, address) => liveSessions.follow.plan(sessionId, address),
      arm: (...args) => liveSessions.follow.arm(...args),
      disarm: (sessionId) => liveSessions.follow.disarm(sessionId),
    },
  })
  const consoles = createConsoles({
    sshAgent: process.env.SSH_AUTH_SOCK,
    ...options.consoles,
    dataDir: options.dataDir ?? defaultDataDir(),
    demo,
    demoPed,
    openSsh,
    keptAdminPassword: (profileId) => runners.adminPassword(profileId),
    locatedClientFolder: () => clientSide.lastLocatedFolder(),
  })
  const clientSide = createClientService({
    ...options.client,
    dataDir: options.dataDir ?? defaultDataDir(),
    // Each demo profile's own appliance: the wizard uses its NTLS port and its simulated Luna client.
    demoOf: (profileId) =>
      profileId === demoPedProfile.id
        ? demoPed
        : profileId === demoProfile.id || profileId === demoSerialProfile.id
          ? demo
          : undefined,
    emit,
    sessionAppliance: (client, sessionId) => {
      const appliance = runners.describe(client, sessionId)
      if (appliance.target) return appliance
      // A saved SSH profile: its address and the host key Rackside remembers for it (accepted or pinned).
      if (!consoles.profiles().some((p) => p.id === appliance.profileId && p.kind === 'ssh')) return appliance
      const spec = consoles.getProfile(appliance.profileId)
      if (spec.kind !== 'ssh') return appliance
      const known = consoles.knownHosts.lookup(spec.ssh.host, spec.ssh.port)
      if (!known) return appliance
      return {
        ...appliance,
        target: { host: spec.ssh.host, port: spec.ssh.port, hostKeyFingerprint: known.fingerprint },
      }
    },
  })

  const liveSessions = createLiveSessions({
    runners,
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
    live: liveSessions,
    consoles,
    runners,
    clientSide,
    vaults: clientSide.vaults,
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
