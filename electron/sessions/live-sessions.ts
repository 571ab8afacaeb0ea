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
import type { FollowAppliance, RunnerService } from '../runner/service/service'

export interface LiveSession {
  client: string
  session?: ConsoleSession
  ended: boolean
  profileId: string
  cols: number
  rows: number
  /** The renderer asked to close it (a close during a reconnection closes the reopened session too). */
  closeRequested?: boolean
  /** Set before an interface change: the next drop reopens the session to the appliance's new address. */
  reopen?: { address: string; password: string | undefined; saveProfile: boolean }
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

/** What the host itself does with them: the runner's interface-change hook, and closing. */
export interface LiveConsoles extends LiveSessions {
  /** How the command runner has a console follow its appliance to a new address. */
  readonly follow: FollowAppliance
  /**
   * A window closed or a socket went away: the client side forgets it, and the consoles it opened close (any
   * still opening close as soon as they exist).
   */
  clientGone(client: string): void
  closeAll(): void
}

export interface LiveSessionsOptions {
  runners: RunnerService
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
  const { runners, consoles, clientSide, emit, demo, demoPed } = options
  const reconnectDelays = options.reconnectDelaysMs
  const maxSessions = options.maxSessionsPerClient
  const sessions = new Map<string, LiveSession>()
  /** Clients that went away; a session still opening for one of them is closed as soon as it exists. */
  const goneClients = new Set<string>()

  const follow: FollowAppliance = {
    plan(sessionId) {
      const live = sessions.get(sessionId)
      if (!live || live.ended) return undefined
      if (live.profileId === demoProfile.id || live.profileId === demoPedProfile.id) return {}
      const profile = consoles.profiles().find((p) => p.id === live.profileId)
      return profile?.kind === 'ssh' ? { profileName: profile.name } : undefined
    },
    arm(sessionId, address, password, saveProfile) {
      const live = sessions.get(sessionId)
      if (live && !live.ended) live.reopen = { address, password, saveProfile }
    },
    disarm(sessionId) {
      const live = sessions.get(sessionId)
      if (live) delete live.reopen
    },
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
        sessionId,
        client: live.client,
        profileId: live.profileId,
        title,
        ...(target ? { target } : {}),
        write: (text) => live.session?.write(text),
        note: (text) => live.session?.note?.(text),
        ...pinnedEra(live.profileId),
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

  /**
   * Reopens a console whose link an interface change restarted, to the appliance's new address: the demo's
   * address follows the simulator; a saved SSH profile gets the new address (the operator said yes) and the host
   * key already pinned for the old one. The admin password from the keychain is tried first, else asked in the console.
   */
  async function reconnect(
    sessionId: string,
    live: LiveSession,
    reopen: NonNullable<LiveSession['reopen']>,
    sink: SessionSink,
  ): Promise<void> {
    if (live.profileId === demoProfile.id || live.profileId === demoPedProfile.id) {
      // The simulator moves its listener a moment after the drop.
      const sim = live.profileId === demoProfile.id ? demo : demoPed
      const deadline = Date.now() + 10_000
      while (sim.current && sim.current()?.host !== reopen.address && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100))
    } else if (reopen.saveProfile) {
      const spec = consoles.getProfile(live.profileId)
      if (spec.kind === 'ssh') {
        const known = consoles.knownHosts.lookup(spec.ssh.host, spec.ssh.port)
        if (known && !consoles.knownHosts.lookup(reopen.address, spec.ssh.port))
          consoles.knownHosts.remember(reopen.address, spec.ssh.port, known.fingerprint, known.source)
        consoles.saveProfile({ ...spec, ssh: { ...spec.ssh, host: reopen.address } })
      }
    }
    if (live.closeRequested) throw new Error('the console was closed meanwhile')
    const opened = await reopenConsole(
      sessionId,
      live,
      sink,
      reopen.password !== undefined ? { password: reopen.password } : {},
    )
    live.session = opened.session
    if (live.ended || live.closeRequested || goneClients.has(live.client)) opened.session.close()
  }

  /**
   * Reconnects an SSH console whose link dropped under it, a few times with a growing wait. The loop lives in
   * the host, not the renderer: only the host knows why a link ended (dropped, or closed by the operator, logged
   * out, refused), it keeps the session id the command runner, the panels and the terminal are attached to, and
   * every attempt goes through consoles.open, which checks the host key exactly as on first contact (a changed
   * or unknown key ends the loop at once). The renderer shows the countdown and cancels with sessions.close.
   */
  async function reconnectDropped(sessionId: string, live: LiveSession, sink: SessionSink, why: string) {
    const attempts = reconnectDelays.length
    const status = (message: string, retry: SessionRetry) =>
      emit(live.client, 'session.status', { sessionId, state: 'connecting', message, retry })
    const stopped = () => live.closeRequested || live.ended || goneClients.has(live.client)
    const cancelled = 'Reconnecting cancelled; the console stays disconnected. Press Reconnect to try again.'
    let last = why
    for (const [index, delay] of reconnectDelays.entries()) {
      const attempt = index + 1
      status(`${why} Reconnecting in ${Math.ceil(delay / 1000)} s (attempt ${attempt} of ${attempts})…`, {
        attempt,
        attempts,
        inMs: delay,
      })
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), delay)
        live.cancelRetry = () => {
          clearTimeout(timer)
          resolve(false)
        }
      })
      delete live.cancelRetry
      if (!waited || stopped()) return sink.status('closed', cancelled)
      live.retry = { attempt, attempts, inMs: 0 }
      status(`Reconnecting (attempt ${attempt} of ${attempts})…`, live.retry)
      try {
        const opened = await reopenConsole(sessionId, live, sink)
        delete live.retry
        live.session = opened.session
        // Cancelled while connecting: the new session's own close ends the console.
        if (stopped()) opened.session.close()
        return
      } catch (error) {
        delete live.retry
        if (stopped()) return sink.status('closed', cancelled)
        const message = error instanceof Error ? error.message : String(error)
        // Only an unreachable appliance is worth another try; a refused or unknown host key is a hard stop.
        if (!(error instanceof RacksideError) || error.code !== 'connection-failed')
          return sink.status('failed', `Reconnecting stopped: ${message}`)
        last = message
      }
    }
    sink.status(
      'failed',
      `Could not reconnect after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last} Press Reconnect to try again.`,
    )
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
      runners.named(sessionId, name)
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
        const reopen = live.reopen
        if ((state === 'closed' || state === 'failed') && reopen && !live.ended && !goneClients.has(client)) {
          // The interface change restarted the link: the same console follows the appliance to its new address.
          delete live.reopen
          runners.closed(sessionId, message ?? `the session ${state}`, true)
          send(() =>
            emit(client, 'session.status', {
              sessionId,
              state: 'connecting',
              message: `The link restarted; reconnecting to ${reopen.address}…`,
            }),
          )
          void reconnect(sessionId, live, reopen, sink).catch((error: unknown) => {
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
          runners.closed(sessionId, message ?? 'the link dropped', true)
          void reconnectDropped(sessionId, live, sink, message ?? 'The link dropped.').catch(
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
          runners.closed(sessionId, message ?? `the session ${state}`)
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
      runners.closed(sessionId, 'the session could not open')
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
    follow,
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
