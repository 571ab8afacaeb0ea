/**
 * The browser host's transport: the same {method, params} → Reply requests and events as Electron IPC,
 * carried over a WebSocket to /api on our own origin (the HttpOnly cookie, or the page URL's token, admits it).
 * The socket lives in a worker (socket-worker.ts) so that console output never waits for the page's main thread.
 */
import type { ApiTransport } from '../../shared/api-client'
import type { EventName, MethodName } from '../../shared/api-surface'
import type { Reply } from '../../shared/errors'
import type { FromSocket, ToSocket } from './socket-messages'

export interface SocketTransport extends ApiTransport {
  /** Called once when the socket to the host closes. */
  onClose(listener: (reason: string) => void): void
}

export function webSocketTransport(url: string): SocketTransport {
  const socket = new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module' })
  const post = (message: ToSocket): void => socket.postMessage(message)
  let open = false
  let settle: () => void = () => undefined
  /** Settles once: when the socket opens, or when it closes without ever opening. */
  const settled = new Promise<void>((resolve) => (settle = resolve))
  const pending = new Map<number, (reply: Reply) => void>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const closeListeners: ((reason: string) => void)[] = []
  let nextId = 1
  let closed: string | undefined

  const dispatch = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }

  const receive = (message: unknown): void => {
    const data = (typeof message === 'object' && message !== null ? message : {}) as {
      id?: unknown
      reply?: Reply
      event?: EventName
      payload?: unknown
    }
    if (typeof data.id === 'number' && data.reply) {
      pending.get(data.id)?.(data.reply)
      pending.delete(data.id)
    } else if (data.event) dispatch(data.event, data.payload)
  }

  const lost = (): void => {
    if (closed !== undefined) return
    closed =
      'Lost the connection to the Rackside host. Is `npm run start:web` still running? Restart it and open the new URL.'
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: 'connection-failed', message: closed } })
    pending.clear()
    for (const listener of closeListeners) listener(closed)
    settle()
  }

  socket.addEventListener('message', ({ data }: MessageEvent<FromSocket>) => {
    if (data.kind === 'data')
      dispatch('session.data', { sessionId: data.sessionId, data: data.bytes, chars: data.chars })
    else if (data.kind === 'message') receive(data.message)
    else if (data.kind === 'open') {
      open = true
      settle()
    } else lost()
  })
  socket.addEventListener('error', lost)
  post({ kind: 'open', url })

  return {
    async call(method: MethodName, params: unknown) {
      await settled
      if (closed !== undefined || !open)
        return {
          ok: false,
          error: { code: 'connection-failed', message: closed ?? 'The Rackside host is not reachable.' },
        }
      const id = nextId++
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve)
        post({ kind: 'send', text: JSON.stringify({ id, method, params }) })
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
