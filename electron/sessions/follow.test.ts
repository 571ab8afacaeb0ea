/**
 * A saved SSH profile follows the appliance after an interface change only when the operator says yes: the
 * console's session is reopened to the new address (admin password from the keychain, host key carried over from
 * the old address), the profile then names the new address, and the change is read back there.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import type { RunnerPromptEvent, RunnerResult } from '../../shared/api'
import type { Vault, VaultAccount } from '../vault'
import { createHost, type Host, type HostEvent } from '../host/host'

const ADMIN = 'Rack$ide-2026'

function memoryVault(): Vault {
  const kept = new Map<string, string>()
  const key = (a: VaultAccount) => JSON.stringify(a)
  return {
    async set(a, s) {
      kept.set(key(a), s)
    },
    async get(a) {
      return kept.get(key(a))
    },
    async delete(a) {
      return kept.delete(key(a))
    },
    async has(a) {
      return kept.has(key(a))
    },
  }
}

let sim: Simulator | undefined
let host: Host | undefined
let dir: string | undefined
afterEach(async () => {
  await host?.close()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  host = sim = dir = undefined
})

async function setUp(answerFollow: boolean) {
  sim = await startSimulator({ host: '127.0.0.1' })
  const appliance = sim.appliances[0]!
  dir = mkdtempSync(join(tmpdir(), 'rackside-follow-'))
  host = createHost({ kind: 'web', dataDir: dir, runner: { vault: memoryVault() } })
  const h = host
  const saved = await h.dispatch('profiles.save', {
    profile: {
      name: 'Lab HSM',
      kind: 'ssh',
      ssh: { host: '127.0.0.1', port: appliance.ssh.port, username: 'admin' },
    },
  })
  if (!saved.ok) throw new Error(saved.error.message)
  const profileId = (saved.value as { id: string }).id
  expect(
    await h.dispatch('hostKeys.accept', {
      profileId,
      fingerprint: appliance.ssh.hostKeyFingerprint,
      remember: true,
    }),
  ).toMatchObject({ ok: true })

  let output = ''
  const statuses: string[] = []
  const prompts: RunnerPromptEvent[] = []
  h.events.on('event', (e: HostEvent) => {
    if (e.name === 'session.data') output += (e.payload as { data: string }).data
    if (e.name === 'session.status') statuses.push((e.payload as { state: string }).state)
    if (e.name !== 'runner.prompt') return
    const p = e.payload as RunnerPromptEvent
    prompts.push(p)
    const follow = /save .* as the address of the profile/.test(p.question)
    void h.dispatch('runner.answer', {
      sessionId: p.sessionId,
      promptId: p.promptId,
      proceed: follow ? answerFollow : true,
      ...(p.mustType !== undefined ? { typed: p.mustType } : {}),
    })
  })
  const opened = await h.dispatch('sessions.open', { profileId, cols: 100, rows: 30 })
  if (!opened.ok) throw new Error(opened.error.message)
  const sessionId = (opened.value as { sessionId: string }).sessionId
  const until = async (test: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`never: ${what}\n${output}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  await until(() => /password: $/.test(output), 'the SSH password prompt')
  await h.dispatch('sessions.write', { sessionId, data: 'PASSWORD\r' })
  await until(() => output.includes('(current) UNIX password:'), 'the first-login prompt')
  const first = await h.dispatch('runner.run', {
    sessionId,
    commandId: 'login.first-password-change',
    fields: {},
    secrets: { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': ADMIN },
  })
  expect(first).toMatchObject({ ok: true, value: { status: 'done' } })
  const run = await h.dispatch('runner.run', {
    sessionId,
    commandId: 'network.interface',
    fields: { device: 'eth0', ip: '127.0.0.3', netmask: '255.0.0.0', gateway: '127.0.0.1' },
  })
  if (!run.ok) throw new Error(run.error.message)
  return { h, profileId, result: run.value as RunnerResult, prompts, statuses, output: () => output }
}

describe('an interface change on a saved SSH profile', () => {
  it('with the operator’s yes: reconnects to the new address, saves it in the profile, reads the change back', async () => {
    const { h, profileId, result, prompts, statuses, output } = await setUp(true)
    expect(prompts.some((p) => /reconnect this console to 127\.0\.0\.3/.test(p.question))).toBe(true)
    expect(result.status).toBe('done')
    expect(result.reason).toMatch(/Reconnected to 127\.0\.0\.3/)
    expect(result.readBack?.evidence).toMatch(/eth0 127\.0\.0\.3\/255\.0\.0\.0/)
    expect(statuses).not.toContain('closed')
    // The keychain's password logged in: nothing was asked in the console at the new address.
    expect(output()).not.toMatch(/admin@127\.0\.0\.3's password:/)
    const spec = await h.dispatch('profiles.get', { profileId })
    expect(spec).toMatchObject({ ok: true, value: { ssh: { host: '127.0.0.3' } } })
  }, 60_000)

  it('with a no: the profile keeps its address and the step stays "unknown — re-verify"', async () => {
    const { h, profileId, result } = await setUp(false)
    expect(result.status).toBe('unknown')
    expect(result.reconnectTo).toBe('127.0.0.3')
    const spec = await h.dispatch('profiles.get', { profileId })
    expect(spec).toMatchObject({ ok: true, value: { ssh: { host: '127.0.0.1' } } })
  }, 60_000)
})
