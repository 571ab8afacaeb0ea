import { describe, expect, it } from 'vitest'
import type { EventName, RacksideApi } from '../../shared/api'
import { SessionEvents, type SessionEvent } from './session-events'

/** Just the event half of window.rackside, driven by the test. */
function eventSource() {
  const listeners = new Map<EventName, (payload: unknown) => void>()
  const api = {
    on: (event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener)
      return () => listeners.delete(event)
    },
  } as unknown as RacksideApi
  return { api, emit: (event: EventName, payload: unknown) => listeners.get(event)?.(payload) }
}

describe('SessionEvents', () => {
  it('keeps output that arrives before the console attaches and replays it in order', () => {
    const { api, emit } = eventSource()
    const events = new SessionEvents(api)
    emit('session.status', { sessionId: 's-00000001', state: 'connecting' })
    emit('session.data', { sessionId: 's-00000001', data: 'Last login: ' })
    const seen: SessionEvent[] = []
    events.attach('s-00000001', (e) => seen.push(e))
    emit('session.data', { sessionId: 's-00000001', data: 'today' })
    expect(seen).toEqual([
      { kind: 'status', status: { sessionId: 's-00000001', state: 'connecting' } },
      { kind: 'data', data: 'Last login: ', chars: 12 },
      { kind: 'data', data: 'today', chars: 5 },
    ])
  })

  it('passes output received as UTF-8 bytes on with the length the host counted, for the acknowledgement', () => {
    const { api, emit } = eventSource()
    const events = new SessionEvents(api)
    const seen: SessionEvent[] = []
    events.attach('s-00000001', (e) => seen.push(e))
    const bytes = new TextEncoder().encode('caf\u00e9 \u{1F512}')
    emit('session.data', { sessionId: 's-00000001', data: bytes, chars: 7 })
    expect(seen).toEqual([{ kind: 'data', data: bytes, chars: 7 }])
  })

  it('routes each session to its own console', () => {
    const { api, emit } = eventSource()
    const events = new SessionEvents(api)
    const a: string[] = []
    const b: string[] = []
    events.attach('s-0000000a', (e) => e.kind === 'data' && a.push(String(e.data)))
    const detach = events.attach('s-0000000b', (e) => e.kind === 'data' && b.push(String(e.data)))
    emit('session.data', { sessionId: 's-0000000a', data: 'A' })
    emit('session.data', { sessionId: 's-0000000b', data: 'B' })
    detach()
    emit('session.data', { sessionId: 's-0000000b', data: 'later' })
    expect(a).toEqual(['A'])
    expect(b).toEqual(['B'])
  })
})
