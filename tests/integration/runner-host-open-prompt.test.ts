/**
 * A question the operator left open in the console, against the simulator over SSH through the host: the step
 * types nothing into it, the panel is told what the console waits for, the operator's keyboard works meanwhile,
 * and no HSM login attempt is spent. Once the operator cancels the question, the step runs.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import type { DemoProvider } from '../../electron/host/demo'
import { startSimulator, type Simulator } from '../../simulator/index'
import type { EventPayload, RunnerResult } from '../../shared/api'

const ADMIN = 'Open-Prompt-Admin-2026!'
const client = 'open-prompt-panel'
let sim: Simulator
let host: Host
let sessionId = ''
const stateFile = join(mkdtempSync(join(tmpdir(), 'rackside-open-prompt-')), 'state.json')
const states: EventPayload<'runner.state'>[] = []
let output = ''

const soAttemptsLeft = (): number =>
  (JSON.parse(readFileSync(stateFile, 'utf8')) as { hsm: { loginAttemptsLeft: number } }).hsm
    .loginAttemptsLeft
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

function hostFor(s: Simulator): Host {
  const handle = s.appliances[0]!
  const demo: DemoProvider = {
    start: async () => ({
      host: handle.ssh.host,
      port: handle.ssh.port,
      hostKeyFingerprint: handle.ssh.hostKeyFingerprint,
      serial: handle.serial,
    }),
    stop: async () => undefined,
  }
  const h = createHost({ kind: 'web', demo, runner: { vault: null, runner: { resyncMs: 1_500 } } })
  h.events.on('event', (e: HostEvent) => {
    if (e.client !== client) return
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      output += p.data
      void h.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'runner.state') states.push(e.payload as EventPayload<'runner.state'>)
    else if (e.name === 'runner.prompt') {
      const p = e.payload as EventPayload<'runner.prompt'>
      if (p.kind === 'confirm')
        void h.dispatch(
          'runner.answer',
          { sessionId: p.sessionId, promptId: p.promptId, proceed: true, typed: p.mustType ?? 'proceed' },
          client,
        )
    }
  })
  return h
}

const run = async (commandId: string, fields = {}, secrets?: Record<string, string>) => {
  const reply = await host.dispatch(
    'runner.run',
    secrets ? { sessionId, commandId, fields, secrets } : { sessionId, commandId, fields },
    client,
  )
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as RunnerResult
}
const type = (data: string) => host.dispatch('sessions.write', { sessionId, data }, client)

async function waitFor<T>(find: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > end) throw new Error('timed out')
    await pause(25)
  }
}

beforeAll(async () => {
  sim = await startSimulator({ era: 6, stateFile })
  host = hostFor(sim)
  const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }, client)
  if (!reply.ok) throw new Error(reply.error.message)
  sessionId = (reply.value as { sessionId: string }).sessionId
  await pause(500)
}, 60_000)

afterAll(async () => {
  await host.close()
  await sim.stop()
})

describe('a question left open in the console', () => {
  it('at the forced first-login change, a status step types nothing and the session stays up', async () => {
    await waitFor(() => (/\(current\) UNIX password:\s*$/.test(output) ? true : undefined))
    states.length = 0
    const running = run('hsm.show')
    const waiting = await waitFor(() => states.find((s) => s.waiting)?.waiting)
    expect(waiting.kind).toBe('secret')
    expect(waiting.text).toContain('(current) UNIX password:')
    await pause(1_000)
    // Still at the same question: no Enter ended the session.
    expect(output).toMatch(/\(current\) UNIX password:\s*$/)
    expect((await host.dispatch('runner.abort', { sessionId }, client)).ok).toBe(true)
    const result = await running
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/nothing was sent/i)
    expect(output).toMatch(/\(current\) UNIX password:\s*$/)
  }, 30_000)

  it('the first login is then done by the attended step, and the HSM is initialised', async () => {
    const first = await run(
      'login.first-password-change',
      {},
      { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': ADMIN },
    )
    expect(first.status, first.reason).toBe('done')
    const init = await run(
      'hsm.init',
      { label: 'openprompt' },
      { 'hsm-so-password': 'S0-Passw0rd!', 'hsm-domain': 'Dom-Passw0rd!' },
    )
    expect(init.status, init.reason).toBe('done')
  }, 60_000)

  it('hsm login typed by hand: the step waits, the keyboard is the operator’s, no SO attempt is spent', async () => {
    // The init logs the SO in; log out so `hsm login` asks for the password.
    await run('hsm.logout')
    const attempts = soAttemptsLeft()
    await type('hsm login\r')
    await waitFor(() => (/password:\s*\n?\s*>\s*$/i.test(output) ? true : undefined))
    states.length = 0
    const running = run('hsm.show')
    const waiting = await waitFor(() => states.find((s) => s.waiting)?.waiting)
    expect(waiting.kind).toBe('secret')
    expect(waiting.message).toMatch(/asking for a password/)
    await pause(500)
    expect(soAttemptsLeft()).toBe(attempts)
    // The operator cancels the question in the console: typing is allowed while the step waits.
    expect((await type('\x03')).ok).toBe(true)
    const result = await running
    expect(result.status, result.reason).toBe('done')
    expect(soAttemptsLeft()).toBe(attempts)
    expect(states.at(-1)).toMatchObject({ busy: false })
  }, 30_000)

  it('while a step really runs, the keyboard is held', async () => {
    await sim.appliances[0]!.setFaults({ hangAtCommand: 'partition list' })
    const running = run('partition.list')
    await waitFor(() => states.find((s) => s.busy && s.command === 'partition list' && !s.waiting))
    const typed = await type('x')
    expect(typed.ok).toBe(false)
    await host.dispatch('runner.abort', { sessionId }, client)
    await running
    await sim.appliances[0]!.setFaults({})
  }, 30_000)
})
