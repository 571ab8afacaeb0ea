/**
 * The browser host's transport: the same {method, params} → Reply requests and events as Electron IPC,
 * carried over a WebSocket to /api on our own origin (the HttpOnly cookie, or the page URL's token, admits it).
 */
import type { ApiTransport } from '../../shared/api-client'
import type { EventName, MethodName } from '../../shared/api-surface'
import type { ApiError } from '../../shared/api'

type Reply = { ok: true; value: unknown } | { ok: false; error: ApiError }

export interface SocketTransport extends ApiTransport {
  /** Called once when the socket to the host closes. */
  onClose(listener: (reason: string) => void): void
}

export function webSocketTransport(url: string): SocketTransport {
  const socket = new WebSocket(url)
  /** Settles once: when the socket opens, or when it closes without ever opening. */
  const settled = new Promise<void>((resolve) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('close', () => resolve(), { once: true })
  })
  const pending = new Map<number, (reply: Reply) => void>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const closeListeners: ((reason: string) => void)[] = []
  let nextId = 1
  let closed: string | undefined

  socket.addEventListener('message', (message) => {
    let data: { id?: unknown; reply?: Reply; event?: EventName; payload?: unknown }
    try {
      data = JSON.parse(String(message.data)) as typeof data
    } catch {
      return
    }
    if (typeof data.id === 'number' && data.reply) {
      pending.get(data.id)?.(data.reply)
      pending.delete(data.id)
    } else if (data.event) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
    }
  })

  socket.addEventListener('close', () => {
    closed =
      'Lost the connection to the Rackside host. Is `npm run start:web` still running? Restart it and open the new URL.'
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: 'connection-failed', message: closed } })
    pending.clear()
    for (const listener of closeListeners) listener(closed)
  })

  return {
    async call(method: MethodName, params: unknown) {
      await settled
      if (closed !== undefined || socket.readyState !== WebSocket.OPEN)
        return {
          ok: false,
          error: { code: 'connection-failed', message: closed ?? 'The Rackside host is not reachable.' },
        }
      const id = nextId++
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, method, params }))
      })
    },
    subscribe(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    onClose(listener) {
      if (closed !== undefined) listener(closed)
      else closeListeners.push(listener)
    },
  }
}
