/**
 * Routes session events to the console that shows them. Output can arrive before the console knows its
 * session id (the open reply and the first events race), so events for a session nobody listens to yet are
 * kept, in order, and replayed when its console attaches.
 */
import type { EventPayload, RacksideApi } from '../../shared/api'

export type SessionEvent =
  /** Output as text (Electron) or UTF-8 bytes (browser host); `chars` is its length as the host counts it. */
  | { kind: 'data'; data: string | Uint8Array; chars: number }
  | { kind: 'status'; status: EventPayload<'session.status'> }
  /** The session's transcript stopped or could not start. */
  | { kind: 'transcript'; stopped: string }
  /** The console's lunash prompt names this appliance (null: none). */
  | { kind: 'appliance'; name: string | null }
  /** The appliance's software version and the era its steps speak. */
  | { kind: 'software'; software: { version: string | null; era: number | null; pinned: boolean } }

type Listener = (event: SessionEvent) => void

const maxWaiting = 8

export class SessionEvents {
  private readonly listeners = new Map<string, Listener>()
  private readonly waiting = new Map<string, SessionEvent[]>()

  constructor(api: RacksideApi) {
    api.on('session.data', ({ sessionId, data, chars }) =>
      this.route(sessionId, {
        kind: 'data',
        data,
        chars: chars ?? data.length,
      }),
    )
    api.on('session.status', (status) => this.route(status.sessionId, { kind: 'status', status }))
    api.on('session.transcript', ({ sessionId, stopped }) =>
      this.route(sessionId, { kind: 'transcript', stopped }),
    )
    api.on('session.appliance', ({ sessionId, name }) => this.route(sessionId, { kind: 'appliance', name }))
    api.on('session.software', ({ sessionId, ...software }) =>
      this.route(sessionId, { kind: 'software', software }),
    )
  }

  attach(sessionId: string, listener: Listener): () => void {
    this.listeners.set(sessionId, listener)
    const early = this.waiting.get(sessionId) ?? []
    this.waiting.delete(sessionId)
    for (const event of early) listener(event)
    return () => {
      if (this.listeners.get(sessionId) === listener) this.listeners.delete(sessionId)
    }
  }

  private route(sessionId: string, event: SessionEvent): void {
    const listener = this.listeners.get(sessionId)
    if (listener) return listener(event)
    let queue = this.waiting.get(sessionId)
    if (!queue) {
      if (this.waiting.size >= maxWaiting) this.waiting.delete(this.waiting.keys().next().value as string)
      this.waiting.set(sessionId, (queue = []))
    }
    queue.push(event)
  }
}
