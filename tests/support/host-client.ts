/**
 * Integration tests drive the host the way the renderer does, as one transport client: requests through the same
 * dispatch, console output acknowledged (so flow control never pauses a console), and each confirmation answered
 * as an operator who agrees. The keychain is the vault's own code over a Map, so no OS keychain is needed.
 */
import type { Host, HostEvent } from '../../electron/host/host'
import { openVault, type Vault } from '../../electron/vault'
import type { EventPayload } from '../../shared/api'

/** The vault over an in-memory backend. */
export function memoryVault(): Vault {
  const store = new Map<string, string>()
  return openVault({
    backend: {
      set: async (s, a, p) => void store.set(`${s}|${a}`, p),
      get: async (s, a) => store.get(`${s}|${a}`) ?? null,
      delete: async (s, a) => store.delete(`${s}|${a}`),
    },
  })
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

export interface HostClient {
  /** The reply as the renderer gets it: a value or a typed error. */
  call<T>(method: string, params?: Record<string, unknown>): Promise<Reply<T>>
  /** The value, or a thrown error naming the method, the code and the message. */
  ok<T>(method: string, params?: Record<string, unknown>): Promise<T>
}

/**
 * Acts as `client` of `host`: acknowledges its console output, answers its confirmations with proceed (typing
 * what the appliance asks for) and hands every event of that client to `seen` first.
 */
export function actAsOperator(
  host: Host,
  client: string,
  seen: (event: HostEvent) => void = () => undefined,
): HostClient {
  host.events.on('event', (e: HostEvent) => {
    if (e.client !== client) return
    seen(e)
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'runner.prompt') {
      const p = e.payload as EventPayload<'runner.prompt'>
      if (p.kind === 'confirm')
        void host.dispatch(
          'runner.answer',
          { sessionId: p.sessionId, promptId: p.promptId, proceed: true, typed: p.mustType ?? 'proceed' },
          client,
        )
    }
  })
  const call = async <T>(method: string, params: Record<string, unknown> = {}) =>
    (await host.dispatch(method, params, client)) as Reply<T>
  return {
    call,
    async ok<T>(method: string, params: Record<string, unknown> = {}) {
      const reply = await call<T>(method, params)
      if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`)
      return reply.value
    },
  }
}
