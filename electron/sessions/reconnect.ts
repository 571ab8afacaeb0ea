/**
 * How a console goes on after its link ends under it: following the appliance to its new address after an
 * interface change, and reconnecting a dropped SSH link a few times with a growing wait. Both reopen the same
 * console (same session id, same transcript) through consoles.open, which checks the host key as on first contact.
 */
import { RacksideError, type EventName, type EventPayload, type SessionRetry } from '../../shared/api'
import type { DemoProvider } from '../host/demo'
import { demoPedProfile, demoProfile, type Consoles, type OpenedConsole } from './consoles'
import type { FollowPlan } from './live-appliance'
import type { LiveSession } from './live-sessions'
import type { SessionSink } from './session'

/** What reconnecting needs of the live consoles. */
export interface ReconnectContext {
  consoles: Consoles
  demo: DemoProvider
  demoPed: DemoProvider
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  /** The waits before each automatic reconnection of a dropped SSH link (empty: none). */
  reconnectDelays: number[]
  /** Clients that went away; a session reopening for one of them is closed as soon as it exists. */
  goneClients: Set<string>
  /** Opens the console's profile again for the same session id, with its runner attached. */
  reopenConsole(
    sessionId: string,
    live: LiveSession,
    sink: SessionSink,
    login?: { password?: string },
  ): Promise<OpenedConsole>
}

/**
 * Reopens a console whose link an interface change restarted, to the appliance's new address: the demo's
 * address follows the simulator; a saved SSH profile gets the new address (the operator said yes) and the host
 * key already pinned for the old one. The admin password from the keychain is tried first, else asked in the console.
 */
export async function followToNewAddress(
  ctx: ReconnectContext,
  sessionId: string,
  live: LiveSession,
  reopen: FollowPlan,
  sink: SessionSink,
): Promise<void> {
  if (live.profileId === demoProfile.id || live.profileId === demoPedProfile.id) {
    // The simulator moves its listener a moment after the drop.
    const sim = live.profileId === demoProfile.id ? ctx.demo : ctx.demoPed
    const deadline = Date.now() + 10_000
    while (sim.current && sim.current()?.host !== reopen.address && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
  } else if (reopen.saveProfile) {
    const spec = ctx.consoles.getProfile(live.profileId)
    if (spec.kind === 'ssh') {
      const known = ctx.consoles.knownHosts.lookup(spec.ssh.host, spec.ssh.port)
      if (known && !ctx.consoles.knownHosts.lookup(reopen.address, spec.ssh.port))
        ctx.consoles.knownHosts.remember(reopen.address, spec.ssh.port, known.fingerprint, known.source)
      ctx.consoles.saveProfile({ ...spec, ssh: { ...spec.ssh, host: reopen.address } })
    }
  }
  if (live.closeRequested) throw new Error('the console was closed meanwhile')
  const opened = await ctx.reopenConsole(
    sessionId,
    live,
    sink,
    reopen.password !== undefined ? { password: reopen.password } : {},
  )
  live.session = opened.session
  if (live.ended || live.closeRequested || ctx.goneClients.has(live.client)) opened.session.close()
}

/**
 * Reconnects an SSH console whose link dropped under it, a few times with a growing wait. The loop lives in
 * the host, not the renderer: only the host knows why a link ended (dropped, or closed by the operator, logged
 * out, refused), it keeps the session id the command runner, the panels and the terminal are attached to, and
 * every attempt goes through ctx.consoles.open, which checks the host key exactly as on first contact (a changed
 * or unknown key ends the loop at once). The renderer shows the countdown and cancels with sessions.close.
 */
export async function reconnectDropped(
  ctx: ReconnectContext,
  sessionId: string,
  live: LiveSession,
  sink: SessionSink,
  why: string,
): Promise<void> {
  const attempts = ctx.reconnectDelays.length
  const status = (message: string, retry: SessionRetry) =>
    ctx.emit(live.client, 'session.status', { sessionId, state: 'connecting', message, retry })
  const stopped = () => live.closeRequested || live.ended || ctx.goneClients.has(live.client)
  const cancelled = 'Reconnecting cancelled; the console stays disconnected. Press Reconnect to try again.'
  let last = why
  for (const [index, delay] of ctx.reconnectDelays.entries()) {
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
      const opened = await ctx.reopenConsole(sessionId, live, sink)
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
