/**
 * Builds `window.rackside` from a transport: the preload passes Electron IPC, the browser host's page a
 * WebSocket. No schema library here, so the sandboxed preload bundles nothing but this file.
 */
import { eventNames, methodNames, type EventName, type MethodName } from './api-surface'
import type { ApiError, RacksideApi } from './api'

export interface ApiTransport {
  call(
    method: MethodName,
    params: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

export function buildApi(transport: ApiTransport, toError: (e: ApiError) => Error): RacksideApi {
  const api: Record<string, unknown> = {}
  for (const method of methodNames) {
    const [ns, fn] = method.split('.') as [string, string]
    const group = (api[ns] ??= {}) as Record<string, unknown>
    group[fn] = async (params: unknown) => {
      const reply = await transport.call(method, params ?? {})
      if (!reply.ok) throw toError(reply.error)
      return reply.value
    }
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`)
    return transport.subscribe(event, listener)
  }
  return api as RacksideApi
}
