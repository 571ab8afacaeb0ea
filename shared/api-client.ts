/**
 * Builds `window.rackside` on the page from a transport: Electron IPC (handed over by the preload) or the
 * browser host's WebSocket. Both carry only cloneable replies; the typed error is made here, on the page's
 * side, so either way a refusal arrives as a `RacksideError` whose `code` the UI switches on.
 * No schema library here, so the sandboxed preload bundles nothing but this file and shared/errors.ts.
 */
import { eventNames, methodNames, type EventName, type MethodName } from './api-surface'
import type { RacksideApi } from './api'
import { RacksideError, type Reply } from './errors'

/**
 * Where the Electron preload puts its IPC transport on the page (`window.racksideBridge`). The context bridge
 * copies an Error without its `code`, so the preload hands over replies as data and the page builds the API.
 */
export const preloadBridgeName = 'racksideBridge'

export interface ApiTransport {
  call(method: MethodName, params: unknown): Promise<Reply>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

/** The value of a reply, or the RacksideError it carries (a reply of no known shape is one too). */
export function unwrapReply(reply: unknown): unknown {
  const r = (typeof reply === 'object' && reply !== null ? reply : {}) as {
    ok?: unknown
    value?: unknown
    error?: unknown
  }
  if (r.ok === true) return r.value
  throw RacksideError.fromApiError(r.ok === false ? r.error : undefined)
}

export function buildApi(transport: ApiTransport): RacksideApi {
  const api: Record<string, unknown> = {}
  for (const method of methodNames) {
    const [ns, fn] = method.split('.') as [string, string]
    const group = (api[ns] ??= {}) as Record<string, unknown>
    group[fn] = async (params: unknown) => unwrapReply(await transport.call(method, params ?? {}))
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`)
    return transport.subscribe(event, listener)
  }
  return api as RacksideApi
}
