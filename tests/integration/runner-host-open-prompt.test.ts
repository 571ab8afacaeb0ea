/**
 * A question the operator left open in the console, against the simulator over SSH through the host: the step
 * types nothing into it, the panel is told what the console waits for, the operator's keyboard works meanwhile,
 * and no HSM login attempt is spent. Once the operator cancels the question, the step runs.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostEvent } from '../../electron/host/host'
import type { EventPayload, RunnerResult } from '../../shared/api'
import { consoleWatcher, hostWithSimulatedDemo } from '../support/demo-host'
import { actAsOperator, type HostClient } from '../support/host-client'

const ADMIN = 'Open-Prompt-Admin-2026!'
const dir = mkdtempSync(join(tmpdir(), 'rackside-open-prompt-'))
const stateFile = join(dir, 'state.json')
let demo: Awaited<ReturnType<typeof hostWithSimulatedDemo>>
let operator: HostClient
let sessionId = ''
const states: EventPayload<'runner.state'>[] = []
const screen = consoleWatcher()

const soAttemptsLeft = (): number =>
  (JSON.parse(readFileSync(stateFile, 'utf8')) as { hsm: { loginAttemptsLeft: number } }).hsm
    .loginAttemptsLeft
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

const run = (commandId: string, fields = {}, secrets?: Record<string, string>) =>
  operator.ok<RunnerResult>(
    'runner.run',
    secrets ? { sessionId, commandId, fields, secrets } : { sessionId, commandId, fields },
  )
const type = (data: string) => operator.call('sessions.write', { sessionId, data })

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
  demo = await hostWithSimulatedDemo(join(dir, 'data'), {
    simulator: { era: 6, stateFile },
    runner: { vault: null, runner: { resyncMs: 1_500 } },
  })
  operator = actAsOperator(demo.host, 'open-prompt-panel', (e: HostEvent) => {
    screen.seen(e)
    if (e.name === 'runner.state') states.push(e.payload as EventPayload<'runner.state'>)
  })
  sessionId = (
    await operator.ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 })
  ).sessionId
}, 60_000)

afterAll(async () => demo.stop())

describe('a question left open in the console', () => {
  it('at the forced first-login change, a status step types nothing and the session stays up', async () => {
    await screen.until(/\(current\) UNIX password:\s*$/)
    states.length = 0
    const running = run('hsm.show')
    const waiting = await waitFor(() => states.find((s) => s.waiting)?.waiting)
    expect(waiting.kind).toBe('secret')
    expect(waiting.text).toContain('(current) UNIX password:')
    await pause(1_000)
    // Still at the same question: no Enter ended the session.
    expect(screen.text()).toMatch(/\(current\) UNIX password:\s*$/)
    expect((await operator.call('runner.abort', { sessionId })).ok).toBe(true)
    const result = await running
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/nothing was sent/i)
    expect(screen.text()).toMatch(/\(current\) UNIX password:\s*$/)
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
    await screen.until(/password:\s*\n?\s*>\s*$/i)
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
    await demo.sim.appliances[0]!.setFaults({ hangAtCommand: 'partition list' })
    const running = run('partition.list')
    await waitFor(() => states.find((s) => s.busy && s.command === 'partition list' && !s.waiting))
    const typed = await type('x')
    expect(typed.ok).toBe(false)
    await operator.call('runner.abort', { sessionId })
    await running
    await demo.sim.appliances[0]!.setFaults({})
  }, 30_000)
})
