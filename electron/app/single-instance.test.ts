import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { claimSingleInstance, type FrontWindow, type InstanceApp } from './single-instance'

/** An app whose lock is free or held by another instance. */
function appWith(lockFree: boolean): InstanceApp & { events: EventEmitter } {
  const events = new EventEmitter()
  return {
    events,
    requestSingleInstanceLock: () => lockFree,
    on: (event, listener) => events.on(event, listener),
  }
}

function windowState(minimized: boolean): FrontWindow & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  }
}

describe('one Rackside at a time', () => {
  it('a second start is told to stop, and would bring no window of its own forward', () => {
    const app = appWith(false)
    expect(claimSingleInstance(app, () => undefined)).toBe(false)
    expect(app.events.listenerCount('second-instance')).toBe(0)
  })

  it('the first instance restores its minimised window and brings it forward when started again', () => {
    const app = appWith(true)
    const window = windowState(true)
    expect(claimSingleInstance(app, () => window)).toBe(true)
    expect(window.calls).toEqual([])
    app.events.emit('second-instance')
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
  })

  it('a second start while the first has no window yet (or it was closed) changes nothing', () => {
    const app = appWith(true)
    claimSingleInstance(app, () => undefined)
    expect(() => app.events.emit('second-instance')).not.toThrow()
  })
})
