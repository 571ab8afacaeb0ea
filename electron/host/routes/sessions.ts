/** sessions.*: type into, resize, acknowledge, signal, sign off and close a live console. */
import { RacksideError } from '../../../shared/api'
import { signOffNote } from '../../sessions/sign-off'
import type { Consoles } from '../../sessions/consoles'
import type { LiveSessions } from '../../sessions/live-sessions'
import type { RunnerService } from '../../runner/service'
import type { Handlers } from './types'

export function sessionsRoutes(
  live: LiveSessions,
  consoles: Consoles,
  runners: RunnerService,
): Handlers<'sessions'> {
  return {
    'sessions.open': ({ profileId, cols, rows }, { client }) => live.open(client, profileId, cols, rows),
    async 'sessions.write'({ sessionId, data }, { client }) {
      const { session } = live.get(sessionId, client)
      runners.guardWrite(sessionId) // the runner holds the keyboard while a command runs
      session.write(data)
      return null
    },
    async 'sessions.resize'({ sessionId, cols, rows }, { client }) {
      const console = live.get(sessionId, client)
      console.cols = cols
      console.rows = rows
      console.session.resize(cols, rows)
      return null
    },
    async 'sessions.ack'({ sessionId, chars }, { client }) {
      // A late acknowledgement for a session that has just ended is harmless.
      live.find(sessionId, client)?.session?.ack(chars)
      return null
    },
    async 'sessions.close'({ sessionId }, { client }) {
      const console = live.find(sessionId, client)
      if (console) {
        console.closeRequested = true
        console.cancelRetry?.()
        console.session?.close()
      }
      return null
    },
    'sessions.signal': ({ sessionId, signal }, { client }) =>
      consoles.signal(live.get(sessionId, client).session, signal),
    async 'sessions.signOff'(params, { client }) {
      const console = live.get(params.sessionId, client)
      const mark = console.session.note?.(signOffNote(params))
      if (!mark || console.transcript === undefined)
        throw new RacksideError({
          code: 'not-found',
          message: 'This console keeps no transcript (see its toolbar), so there is nothing to sign off.',
        })
      return { ...mark, transcript: console.transcript }
    },
    'sessions.pinHostKey': ({ sessionId, address, port }, { client }) => {
      const { session } = live.get(sessionId, client)
      runners.guardWrite(sessionId)
      return consoles.pinFromSerial(session, { ...(address ? { address } : {}), ...(port ? { port } : {}) })
    },
  }
}
