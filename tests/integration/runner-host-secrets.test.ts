/**
 * Where the host runner's passwords come from and go to, against the simulator: the partition password typed in
 * the create form goes straight to the keychain (an in-memory vault stands in for the OS keychain here; the real
 * one is covered by client-keychain.test.ts) and activation then takes it from there without asking; with no
 * keychain entry the appliance's password prompt is asked in the app, and no password ever reaches the transcript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import type { Vault, VaultAccount } from '../../electron/vault'
import { startSimulator, type Simulator } from '../../simulator/index'
import { demoOf } from '../support/simulated-appliance'
import type { EventPayload, RunnerResult } from '../../shared/api'

const ADMIN = 'Secrets-Admin-2026!'
const PARTITION_PW = 'Par-Passw0rd-1!'
const client = 'secrets-panel'
let sim: Simulator
let host: Host
let sessionId = ''
let text = ''
const prompts: EventPayload<'runner.prompt'>[] = []
const stored = new Map<string, string>()
const key = (a: VaultAccount) => JSON.stringify(a)
const vault: Vault = {
  set: async (a, s) => void stored.set(key(a), s),
  get: async (a) => stored.get(key(a)),
  delete: async (a) => stored.delete(key(a)),
  has: async (a) => stored.has(key(a)),
}
/** What the operator types when the app asks for a password. */
let typedInApp = PARTITION_PW

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const handle = sim.appliances[0]!
  const demo = demoOf(handle)
  host = createHost({ kind: 'web', demo, runner: { vault } })
  host.events.on('event', (e: HostEvent) => {
    if (e.client !== client) return
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      text += p.data
      void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'runner.prompt') {
      const p = e.payload as EventPayload<'runner.prompt'>
      prompts.push(p)
      const answer =
        p.kind === 'confirm'
          ? { proceed: true, typed: p.mustType ?? 'proceed' }
          : p.kind === 'password'
            ? { secret: typedInApp }
            : undefined
      if (answer)
        void host.dispatch(
          'runner.answer',
          { sessionId: p.sessionId, promptId: p.promptId, ...answer },
          client,
        )
    }
  })
  const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }, client)
  if (!reply.ok) throw new Error(reply.error.message)
  sessionId = (reply.value as { sessionId: string }).sessionId
  await new Promise((r) => setTimeout(r, 500))
}, 30_000)

afterAll(async () => {
  await host.close()
  await sim.stop()
})

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

describe('passwords of the host runner', () => {
  it('the new admin password of the first login goes to the keychain', async () => {
    const r = await run(
      'login.first-password-change',
      {},
      {
        'appliance-current-password': 'PASSWORD',
        'appliance-new-password': ADMIN,
      },
    )
    expect(r.status, r.reason).toBe('done')
    expect(r.keychain).toBe('stored in the OS keychain')
    expect(stored.get(key({ kind: 'appliance-admin', applianceId: 'demo' }))).toBe(ADMIN)
  })

  it('the partition password typed in the create form goes straight to the keychain', async () => {
    for (const [commandId, fields, secrets] of [
      ['hsm.init', { label: 'rack-1' }, { 'hsm-so-password': 'S0-Passw0rd!', 'hsm-domain': 'Dom-Passw0rd!' }],
      ['hsm.login', {}, { 'hsm-so-password': 'S0-Passw0rd!' }],
    ] as const) {
      const r = await run(commandId, fields, secrets)
      expect(r.status, r.reason).toBe('done')
    }
    const created = await run(
      'partition.create',
      { partition: 'cms' },
      {
        'partition-password': PARTITION_PW,
        'partition-domain': 'PDom-Passw0rd!',
      },
    )
    expect(created.status, created.reason).toBe('done')
    expect(created.keychain).toBe('stored in the OS keychain')
    expect(stored.get(key({ kind: 'partition', applianceId: 'demo', partition: 'cms' }))).toBe(PARTITION_PW)
    expect(created.transcript).not.toContain(PARTITION_PW)
  })

  it('activation takes the partition password from the keychain without asking', async () => {
    expect((await run('partition.changePolicy', { partition: 'cms', code: 22, value: 1 })).status).toBe(
      'done',
    )
    const asked = prompts.filter((p) => p.kind === 'password').length
    const r = await run('partition.activate', { partition: 'cms' })
    expect(r.status, r.reason).toBe('done')
    expect(prompts.filter((p) => p.kind === 'password').length).toBe(asked)
  })

  it('with nothing in the keychain the appliance prompt is asked in the app; the password is never shown', async () => {
    stored.delete(key({ kind: 'partition', applianceId: 'demo', partition: 'cms' }))
    const r = await run('partition.activate', { partition: 'cms' })
    expect(r.status, r.reason).toBe('done')
    const asked = prompts.filter((p) => p.kind === 'password').at(-1)
    expect(asked).toMatchObject({ secret: 'partition-password', commandId: 'partition.activate' })
    expect(asked?.question).toMatch(/password for the partition/)
    expect(r.transcript).not.toContain(PARTITION_PW)
    expect(text).not.toContain(PARTITION_PW)
    expect(text).not.toContain(ADMIN)
  })

  it('a password cancelled in the app sends Ctrl-C: unknown, never done', async () => {
    stored.delete(key({ kind: 'partition', applianceId: 'demo', partition: 'cms' }))
    typedInApp = ''
    const reply = await run('partition.activate', { partition: 'cms' })
    typedInApp = PARTITION_PW
    expect(reply.status).not.toBe('done')
    expect(reply.reason).toMatch(/no usable partition-password/)
  })
})
