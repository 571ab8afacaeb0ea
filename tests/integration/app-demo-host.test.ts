/**
 * The host as both transports use it: opening the demo profile starts the simulator in-process once, the
 * console shows the first-login prompts through session events, and a second demo session reuses the same
 * appliance (so after the password change it asks for the password in the console).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createHost, type HostEvent } from '../../electron/host/host'
import type { EventPayload } from '../../shared/api'

const host = createHost({ kind: 'web', version: '0.0.0-test' })
afterAll(async () => host.close())

function consoleOf(client: string) {
  let sessionId: string | undefined
  let text = ''
  const states: EventPayload<'session.status'>[] = []
  /** What the console's lunash prompt named, in order (session.appliance). */
  const appliances: (string | null)[] = []
  const early: HostEvent[] = []
  const take = (e: HostEvent) => {
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      text += p.data
      void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'session.appliance')
      appliances.push((e.payload as EventPayload<'session.appliance'>).name)
    else if (e.name === 'session.status') states.push(e.payload as EventPayload<'session.status'>)
  }
  host.events.on('event', (e) => {
    if (e.client !== client) return
    if (!sessionId) early.push(e)
    else if ((e.payload as { sessionId: string }).sessionId === sessionId) take(e)
  })
  const until = async (check: () => boolean, what: string) => {
    const start = Date.now()
    while (!check()) {
      if (Date.now() - start > 15_000) throw new Error(`never saw ${what}; console:\n${text.slice(-1500)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return {
    async open() {
      const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }, client)
      if (!reply.ok) throw new Error(reply.error.message)
      sessionId = (reply.value as { sessionId: string }).sessionId
      for (const e of early.splice(0)) take(e)
      return reply.value as { sessionId: string; title: string }
    },
    type: (data: string) => host.dispatch('sessions.write', { sessionId, data }, client),
    see: (s: string | RegExp) =>
      until(() => (typeof s === 'string' ? text.includes(s) : s.test(text)), String(s)),
    state: (state: string) => until(() => states.some((s) => s.state === state), state),
    get states() {
      return states
    },
    appliances,
    get text() {
      return text
    },
  }
}

describe('demo appliance through the host', () => {
  it('starts the simulator on first open and shows the first-login password change', async () => {
    const c = consoleOf('client-1')
    const { title } = await c.open()
    expect(title).toMatch(/^Demo appliance \d+$/)
    await c.state('connected')
    await c.see('(current) UNIX password:')
    await c.type('PASSWORD\r')
    await c.see('Enter new password:')
    await c.type('Rack$ide2026\r')
    await c.see('Re-type new password:')
    await c.type('Rack$ide2026\r')
    await c.see(/lunash:>\s*$/)
    await c.type('hsm show\r')
    await c.see(/Serial #:\s+\d+/)
    // An unconfigured appliance's prompt names none; once it has a hostname, the console is titled by it.
    expect(c.appliances).toEqual([null])
    await c.type('network hostname hsm-rack-07\r')
    await c.see(/\[hsm-rack-07\] lunash:>\s*$/)
    expect(c.appliances).toEqual([null, 'hsm-rack-07'])
    // The client-side wizard's list of appliance consoles names it too.
    const listed = await host.dispatch('runner.sessions', {}, 'client-1')
    expect(listed.ok && listed.value).toEqual([
      expect.objectContaining({ title: expect.stringMatching(/^hsm-rack-07 \(Demo appliance \d+\)$/) }),
    ])
    await c.type('network hostname local_host\r')
    await c.see(/\[local_host\] lunash:>\s*$/)
    expect(c.appliances).toEqual([null, 'hsm-rack-07', null])
    await c.type('exit\r')
    await c.state('closed')
    expect(c.states.at(-1)?.message).toMatch(/^Connection to 127\.0\.0\.1:\d+ closed by the appliance\.$/)
  })

  it('reuses the same appliance for the next demo session, which now asks for the password in the console', async () => {
    const c = consoleOf('client-2')
    await c.open()
    await c.see("admin@127.0.0.1's password: ")
    await c.type('Rack$ide2026\r')
    await c.state('connected')
    await c.see(/lunash:>\s*$/)
    expect(c.text).not.toContain('Rack$ide2026')
  })

  it('does not let one client write to or close another client’s session', async () => {
    const c = consoleOf('client-3')
    const { sessionId } = await c.open()
    const reply = await host.dispatch('sessions.write', { sessionId, data: 'hsm show\r' }, 'client-4')
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } })
    host.disconnectClient('client-3')
    await c.state('closed')
  })
})
