/**
 * The consoles the host keeps open, one LiveSession per console a transport client opened: opening them with
 * their command runner attached, holding their events until the renderer knows the session id, reconnecting a
 * dropped SSH link, following an appliance to its new address, and closing them when their client goes away.
 */
import { randomBytes } from 'node:crypto'
import {
  RacksideError,
  type EventName,
  type EventPayload,
  type Result,
  type SessionRetry,
  type SessionState,
} from '../../shared/api'
import type { Era } from '../../shared/lunash/commands/spec'
import { applianceNameWatcher } from './appliance-name'
import { applianceVersionWatcher } from './appliance-version'
import type { ConsoleSession, SessionEnd, SessionSink } from './session'
import { learnSecret } from '../vault/redact'
import { CLIENT_TOOLS_PROFILE, type ClientService } from '../client/service/service'
import { demoPedProfile, demoProfile, type BeforeOpen, type Consoles } from './consoles'
import type { DemoProvider } from '../host/demo'
import { followToNewAddress, reconnectDropped, type ReconnectContext } from './reconnect'
import type { ApplianceOpening, ApplianceTarget, LiveAppliance, LiveAppliances } from './live-appliance'

/**
 * What the consoles need of the command runners (the runner service): a runner per console, fed with its output
 * and told how its link fares. Declared here so that sessions never import the runner.
 */
export interface ConsoleRunners {
  /** A console session is opening: give it a runner. `write` types into the session (bypassing the keyboard lock). */
  open(options: {
    appliance: LiveAppliance
    write(text: string): void
    /** Types a secret answer: kept out of local echo, and known to redaction everywhere. */
    writeSecret(text: string): void
    /** Records a line in the console's transcript (each step's outcome, for the record). */
    note?(text: string): void
  }): void
  /** Session output, as the operator sees it. */
  data(sessionId: string, text: string): void
  /** The session's state: commands run only once it is connected (its shell open). */
  status(sessionId: string, state: string): void
  /** The software version the console's appliance printed (banner, `hsm show`): picks the era's syntax. */
  software(sessionId: string, version: string): void
  /**
   * The session ended: a command in flight becomes "unknown — re-verify". `reopening`: the host is opening it
   * again to the appliance's new address (the same session id gets a new runner).
   */
  closed(sessionId: string, reason: string, reopening?: boolean): void
}

export interface LiveSession {
  client: string
  session?: ConsoleSession
  ended: boolean
  profileId: string
  cols: number
  rows: number
  /** The renderer asked to close it (a close during a reconnection closes the reopened session too). */
  closeRequested?: boolean
  /** The link dropped and the host is reconnecting: the attempt under way (sent with 'connecting' statuses). */
  retry?: SessionRetry
  /** Ends the wait before the next reconnection attempt (the operator cancelled, or the host is closing). */
  cancelRetry?: () => void
  /** The console's transcript file: a reconnection goes on writing it. */
  transcript?: string
}

/** The host's open consoles, as the request handlers see them. */
export interface LiveSessions {
  open(client: string, profileId: string, cols: number, rows: number): Promise<Result<'sessions.open'>>
  /** The client's open console, or a 'not-found' error the operator can act on. */
  get(sessionId: string, client: string): LiveSession & { session: ConsoleSession }
  /** The client's console if the host still knows it (it may have just ended). */
  find(sessionId: string, client: string): LiveSession | undefined
}

/** What the host itself does with them: closing. */
export interface LiveConsoles extends LiveSessions {
  /**
   * A window closed or a socket went away: the client side forgets it, and the consoles it opened close (any
   * still opening close as soon as they exist).
   */
  clientGone(client: string): void
  closeAll(): void
}

export interface LiveSessionsOptions {
  runners: ConsoleRunners
  /** Each console's appliance, which the runner service and the client side ask. */
  appliances: LiveAppliances
  consoles: Consoles
  /** The client-side service opens the Luna client tools console itself, and forgets a client that went away. */
  clientSide: Pick<ClientService, 'openTools' | 'clientGone'>
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  demo: DemoProvider
  demoPed: DemoProvider
  /** The waits before each automatic reconnection of a dropped SSH link (empty: none). */
  reconnectDelaysMs: number[]
  maxSessionsPerClient: number
}

export function createLiveSessions(options: LiveSessionsOptions): LiveConsoles {
  const { runners, appliances, consoles, clientSide, emit, demo, demoPed } = options
  const reconnectDelays = options.reconnectDelaysMs
  const maxSessions = options.maxSessionsPerClient
  const sessions = new Map<string, LiveSession>()
  /** Clients that went away; a session still opening for one of them is closed as soon as it exists. */
  const goneClients = new Set<string>()

  /** The console's runner and appliance are done with (`reopening`: the same console opens again). */
  const detach = (sessionId: string, reason: string, reopening = false): void => {
    runners.closed(sessionId, reason, reopening)
    appliances.closed(sessionId, reopening)
  }

  /** Whether a console of this profile can follow its appliance to a new address (a serial line does not drop). */
  const followsOf = (profileId: string): Pick<ApplianceOpening, 'follows'> => {
    if (profileId === demoProfile.id || profileId === demoPedProfile.id) return { follows: {} }
    const profile = consoles.profiles().find((p) => p.id === profileId)
    return profile?.kind === 'ssh' ? { follows: { profileName: profile.name } } : {}
  }

  /** A saved SSH profile's address and the host key Rackside remembers for it (accepted or pinned). */
  const rememberedTarget = (profileId: string): ApplianceTarget | undefined => {
    if (!consoles.profiles().some((p) => p.id === profileId && p.kind === 'ssh')) return undefined
    const spec = consoles.getProfile(profileId)
    if (spec.kind !== 'ssh') return undefined
    const known = consoles.knownHosts.lookup(spec.ssh.host, spec.ssh.port)
    if (!known) return undefined
    return { host: spec.ssh.host, port: spec.ssh.port, hostKeyFingerprint: known.fingerprint }
  }

  const sessionFor = (id: string, client: string): LiveSession & { session: ConsoleSession } => {
    const live = sessions.get(id)
    if (!live || live.client !== client || !live.session || live.ended)
      throw new RacksideError({
        code: 'not-found',
        message: 'This session is closed. Connect again to open a new one.',
      })
    return live as LiveSession & { session: ConsoleSession }
  }

  /** The command runner attaches to a console just before its transport opens. */
  const attachRunner =
    (sessionId: string, live: LiveSession) =>
    ({ title, target }: BeforeOpen): void =>
      runners.open({
        appliance: appliances.open(sessionId, {
          client: live.client,
          profileId: live.profileId,
          title,
          ...(target ? { target } : {}),
          ...pinnedEra(live.profileId),
          ...followsOf(live.profileId),
          remembered: () => rememberedTarget(live.profileId),
        }),
        write: (text) => live.session?.write(text),
        note: (text) => live.session?.note?.(text),
        writeSecret(text) {
          learnSecret(text.replace(/[\r\n]+$/, ''))
          if (live.session?.writeSecret) live.session.writeSecret(text)
          else live.session?.write(text)
        },
      })

  /** The era a saved profile pins (built-in profiles pin none: their simulator's banner says it). */
  const pinnedEra = (profileId: string): { era?: Era } => {
    try {
      const spec = consoles.getProfile(profileId)
      return 'era' in spec && spec.era !== undefined ? { era: spec.era } : {}
    } catch {
      return {}
    }
  }

  /**
   * Opens the console's profile again for the same session id, at its size, with its runner attached, its
   * transcript going on in the same file.
   */
  const reopenConsole = (
    sessionId: string,
    live: LiveSession,
    sink: SessionSink,
    login: { password?: string } = {},
  ) =>
    consoles.open(live.profileId, live.cols, live.rows, sink, attachRunner(sessionId, live), {
      ...login,
      ...(live.transcript !== undefined ? { transcript: live.transcript } : {}),
    })

  const reconnecting: ReconnectContext = {
    consoles,
    demo,
    demoPed,
    emit,
    reconnectDelays,
    goneClients,
    reopenConsole,
  }

  async function openSession(client: string, profileId: string, cols: number, rows: number) {
    const open = [...sessions.values()].filter((s) => s.client === client && !s.ended).length
    if (open >= maxSessions)
      throw new RacksideError({
        code: 'busy',
        message: `${open} sessions are already open. Close one first.`,
      })

    const sessionId = `s-${randomBytes(8).toString('hex')}`
    const live: LiveSession = { client, ended: false, profileId, cols, rows }
    sessions.set(sessionId, live)

    // Events are held until the renderer has the session id (the open reply), then flushed in order.
    let held: (() => void)[] | undefined = []
    const send = (fn: () => void): void => (held ? void held.push(fn) : fn())
    const applianceName = applianceNameWatcher((name) => {
      const appliance = appliances.get(sessionId)
      if (appliance) appliance.name = name
      send(() => emit(client, 'session.appliance', { sessionId, name }))
    })
    // The version picks the era's syntax; the runner service emits session.software with it.
    const applianceVersion = applianceVersionWatcher((version) => runners.software(sessionId, version))
    const sink: SessionSink = {
      data: (data) => {
        runners.data(sessionId, data)
        applianceName(data)
        applianceVersion(data)
        send(() => emit(client, 'session.data', { sessionId, data }))
      },
      transcriptStopped: (stopped) => send(() => emit(client, 'session.transcript', { sessionId, stopped })),
      status: (state: SessionState, message?: string, end?: SessionEnd) => {
        runners.status(sessionId, state)
        const appliance = appliances.get(sessionId)
        const reopen =
          (state === 'closed' || state === 'failed') &&
          !live.ended &&
          !live.closeRequested &&
          !goneClients.has(client)
            ? appliance?.takeFollow()
            : undefined
        if (reopen) {
          // The interface change restarted the link: the same console follows the appliance to its new address.
          detach(sessionId, message ?? `the session ${state}`, true)
          send(() =>
            emit(client, 'session.status', {
              sessionId,
              state: 'connecting',
              message: `The link restarted; reconnecting to ${reopen.address}…`,
            }),
          )
          void followToNewAddress(reconnecting, sessionId, live, reopen, sink).catch((error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error)
            sink.status('failed', `Could not reconnect to ${reopen.address}: ${reason}`)
          })
          return
        }
        if (
          end === 'lost' &&
          reconnectDelays.length > 0 &&
          !live.ended &&
          !live.closeRequested &&
          !goneClients.has(client)
        ) {
          // The link dropped under a working console: reconnect it (the operator sees a countdown and may cancel).
          detach(sessionId, message ?? 'the link dropped', true)
          void reconnectDropped(reconnecting, sessionId, live, sink, message ?? 'The link dropped.').catch(
            (error: unknown) =>
              sink.status(
                'failed',
                `Could not reconnect: ${error instanceof Error ? error.message : String(error)}`,
              ),
          )
          return
        }
        if (state === 'closed' || state === 'failed') {
          live.ended = true
          sessions.delete(sessionId)
          detach(sessionId, message ?? `the session ${state}`)
        }
        // While reconnecting, the new connection's own progress ("Connecting to…") carries the attempt.
        const retry = state === 'connecting' ? live.retry : undefined
        send(() =>
          emit(client, 'session.status', {
            sessionId,
            state,
            ...(message === undefined ? {} : { message }),
            ...(retry ? { retry } : {}),
          }),
        )
      },
    }

    try {
      const opened =
        profileId === CLIENT_TOOLS_PROFILE
          ? { ...(await clientSide.openTools(client, cols, rows, sink)), kind: 'local' as const }
          : await consoles.open(profileId, cols, rows, sink, attachRunner(sessionId, live))
      const session = opened.session
      live.session = session
      if (opened.transcript !== undefined) live.transcript = opened.transcript
      if (live.ended) sessions.delete(sessionId)
      if (goneClients.has(client)) session.close()
      setImmediate(() => {
        const queue = held ?? []
        held = undefined
        for (const fn of queue) fn()
      })
      return {
        sessionId,
        title: session.title,
        kind: opened.kind,
        ...(opened.transcript !== undefined ? { transcript: opened.transcript } : {}),
      }
    } catch (error) {
      held = undefined
      live.ended = true
      sessions.delete(sessionId)
      detach(sessionId, 'the session could not open')
      throw error
    }
  }

  return {
    open: openSession,
    get: sessionFor,
    find(sessionId, client) {
      const found = sessions.get(sessionId)
      return found?.client === client ? found : undefined
    },
    clientGone(client) {
      goneClients.add(client)
      clientSide.clientGone(client)
      for (const live of sessions.values())
        if (live.client === client) {
          live.cancelRetry?.()
          live.session?.close()
        }
    },
    closeAll() {
      for (const live of sessions.values()) {
        live.closeRequested = true
        live.cancelRetry?.()
        live.session?.close()
      }
      sessions.clear()
    },
  }
}
