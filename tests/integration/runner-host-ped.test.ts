/**
 * The host runner with a PED-authenticated HSM in the simulator: the renderer is told which PED key (colour and
 * role) the appliance waits for, the destructive init still needs the typed label, and Abort from the panel
 * stops a command that never returns without marking anything done.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import { startSimulator, type Simulator } from '../../simulator/index'
import { demoOf } from '../support/simulated-appliance'
import type { EventPayload, RunnerResult } from '../../shared/api'

const ADMIN = 'Ped-Admin-2026!'
const HOST = '127.0.0.9'
let sim: Simulator
let host: Host
const stateFile = join(mkdtempSync(join(tmpdir(), 'rackside-host-ped-')), 'state.json')
const client = 'ped-panel'
let sessionId = ''
const prompts: EventPayload<'runner.prompt'>[] = []

function hostFor(s: Simulator): Host {
  const handle = s.appliances[0]!
  const demo = demoOf(handle)
  const h = createHost({ kind: 'web', demo, runner: { vault: null, runner: { resyncMs: 1_500 } } })
  h.events.on('event', (e: HostEvent) => {
    if (e.client !== client) return
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      void h.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'runner.prompt') {
      const p = e.payload as EventPayload<'runner.prompt'>
      prompts.push(p)
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

async function open(h: Host): Promise<string> {
  const reply = await h.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }, client)
  if (!reply.ok) throw new Error(reply.error.message)
  await new Promise((r) => setTimeout(r, 500))
  return (reply.value as { sessionId: string }).sessionId
}

async function run(
  commandId: string,
  fields: Record<string, unknown> = {},
  secrets?: Record<string, string>,
) {
  const reply = await host.dispatch(
    'runner.run',
    secrets ? { sessionId, commandId, fields, secrets } : { sessionId, commandId, fields },
    client,
  )
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as RunnerResult
}

beforeAll(async () => {
  // First login on a password HSM, then the same appliance restarted as a PED HSM.
  sim = await startSimulator({ era: 6, stateFile, host: HOST, firstSerial: '534072' })
  host = hostFor(sim)
  sessionId = await open(host)
  const first = await run(
    'login.first-password-change',
    {},
    {
      'appliance-current-password': 'PASSWORD',
      'appliance-new-password': ADMIN,
    },
  )
  if (first.status !== 'done') throw new Error(first.reason)
  await host.close()
  await sim.stop()
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { hsm: { authMethod: string } }
  state.hsm.authMethod = 'ped'
  writeFileSync(stateFile, JSON.stringify(state))
  sim = await startSimulator({ era: 6, stateFile, host: HOST, firstSerial: '534072' })
  host = hostFor(sim)
  // The demo session tries the factory password first; the console then asks for the admin password.
  sessionId = await open(host)
  await host.dispatch('sessions.write', { sessionId, data: `${ADMIN}\r` }, client)
  await new Promise((r) => setTimeout(r, 800))
}, 60_000)

afterAll(async () => {
  await host.close()
  await sim.stop()
})

describe('the host runner with a PED HSM', () => {
  it('shows the PED key colour and role while it waits, and the init still needs the typed label', async () => {
    await sim.appliances[0]!.setFaults({ pedDelayMs: 400 })
    const init = await run('hsm.init', { label: 'pedrack' })
    expect(init.status, init.reason).toBe('done')
    const confirm = prompts.find((p) => p.kind === 'confirm')
    expect(confirm).toMatchObject({ destructive: true, mustType: 'pedrack' })
    const peds = prompts.filter((p) => p.kind === 'ped')
    expect(peds.length).toBeGreaterThan(0)
    expect(peds[0]!.ped?.keys).toContainEqual({
      colour: 'blue',
      role: expect.stringMatching(/Security Officer/),
    })
    // No password was asked for: the PED authenticates.
    expect(prompts.some((p) => p.kind === 'password')).toBe(false)
    await sim.appliances[0]!.setFaults({})
  }, 60_000)

  it('Abort from the panel stops a command that never returns: unknown, never done; the console works after', async () => {
    await sim.appliances[0]!.setFaults({ hangAtCommand: 'partition list' })
    const running = run('partition.list')
    await new Promise((r) => setTimeout(r, 500))
    const abort = await host.dispatch('runner.abort', { sessionId }, client)
    expect(abort.ok).toBe(true)
    const result = await running
    await sim.appliances[0]!.setFaults({})
    expect(result.status).not.toBe('done')
    expect(result.interactions).toContainEqual({ kind: 'unexpected', answer: 'abort' })
    expect((await run('hsm.show')).status).toBe('done')
  }, 60_000)
})
