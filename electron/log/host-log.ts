/**
 * What the host does, in the app log: consoles opening, dropping and closing, questions the runner raised,
 * requests refused. Only names, states and the host's own sentences; never console output, parameters or
 * answers (a password could be in any of them).
 */
import type { Host, HostEvent } from '../host/host'
import type { AppLog } from './app-log'

/** The request methods whose refusal is routine (a key not known yet, a profile to fix): logged as warnings. */
const routine = new Set(['invalid-request', 'not-found', 'host-key-unknown', 'auth-failed'])

function logEvent(log: AppLog, event: HostEvent): void {
  switch (event.name) {
    case 'session.status': {
      const p = event.payload as HostEvent<'session.status'>['payload']
      log.info('console', {
        client: event.client,
        sessionId: p.sessionId,
        state: p.state,
        message: p.message,
        retry: p.retry ? `${p.retry.attempt}/${p.retry.attempts}` : undefined,
      })
      return
    }
    case 'session.transcript': {
      const p = event.payload as HostEvent<'session.transcript'>['payload']
      log.warn('transcript-stopped', { sessionId: p.sessionId, reason: p.stopped })
      return
    }
    case 'runner.prompt': {
      const p = event.payload as HostEvent<'runner.prompt'>['payload']
      log.info('runner-asks', { sessionId: p.sessionId, kind: p.kind, commandId: p.commandId })
      return
    }
    case 'runner.state': {
      const p = event.payload as HostEvent<'runner.state'>['payload']
      if (p.waiting) log.warn('runner-waits', { sessionId: p.sessionId, screen: p.waiting.kind })
      return
    }
    default:
      return
  }
}

/** The same host, with its refusals and console events written to the log. */
export function loggedHost(host: Host, log: AppLog): Host {
  host.events.on('event', (event) => logEvent(log, event))
  return {
    get kind() {
      return host.kind
    },
    events: host.events,
    async dispatch(method, params, client) {
      const reply = await host.dispatch(method, params, client)
      if (!reply.ok) {
        const fields = { method: typeof method === 'string' ? method : typeof method, code: reply.error.code }
        if (routine.has(reply.error.code))
          log.warn('request-refused', { ...fields, message: reply.error.message })
        else log.error('request-failed', undefined, { ...fields, message: reply.error.message })
      }
      return reply
    },
    disconnectClient(client) {
      log.info('client-gone', { client })
      host.disconnectClient(client)
    },
    async close() {
      log.info('host-closing')
      await host.close()
    },
  }
}
