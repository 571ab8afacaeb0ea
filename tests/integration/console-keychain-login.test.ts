/**
 * A saved SSH profile logs in with the admin password the keychain keeps for it (the guided first login stores
 * it there), over SSH to the simulator: no password prompt in the console. A kept password the appliance
 * refuses is not a dead end: the console asks, as it would with nothing kept. The keychain is the vault's own
 * code over an in-memory backend (the OS keychain is covered by client-keychain.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import type { EventPayload } from '../../shared/api'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { actAsOperator, memoryVault, type HostClient } from '../support/host-client'

const ADMIN = 'Kept-Adm1n-Rack7'
const noDemo = { start: () => Promise.reject(new Error('no demo here')), stop: async () => {} }
const vault = memoryVault()

let sim: Simulator
let host: Host
let dir: string
let operator: HostClient
let profileId: string
const output = new Map<string, string>()

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const { ssh } = sim.appliances[0]!
  await changeFactoryPassword(ssh, ADMIN)
  dir = mkdtempSync(join(tmpdir(), 'rackside-keychain-login-'))
  host = createHost({ kind: 'web', dataDir: dir, demo: noDemo, demoPed: noDemo, runner: { vault } })
  operator = actAsOperator(host, 'ui', (e: HostEvent) => {
    if (e.name !== 'session.data') return
    const { sessionId, data } = e.payload as EventPayload<'session.data'>
    output.set(sessionId, (output.get(sessionId) ?? '') + data)
  })
  profileId = (
    await operator.ok<{ id: string }>('profiles.save', {
      profile: { kind: 'ssh', name: 'Rack 7', ssh: { host: ssh.host, port: ssh.port, username: 'admin' } },
    })
  ).id
  await operator.ok('hostKeys.accept', { profileId, fingerprint: ssh.hostKeyFingerprint, remember: true })
})
afterAll(async () => {
  await host?.close()
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
  rmSync(sim.clientRoot, { recursive: true, force: true })
})

async function open(): Promise<{ sessionId: string; sees(pattern: RegExp): Promise<string> }> {
  const { sessionId } = await operator.ok<{ sessionId: string }>('sessions.open', {
    profileId,
    cols: 100,
    rows: 30,
  })
  return {
    sessionId,
    async sees(pattern) {
      const deadline = Date.now() + 15_000
      while (!pattern.test(output.get(sessionId) ?? '')) {
        if (Date.now() > deadline) throw new Error(`never saw ${pattern}:\n${output.get(sessionId)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return output.get(sessionId)!
    },
  }
}

describe('a saved SSH profile and the keychain', () => {
  it('logs in with the kept admin password: no prompt in the console', async () => {
    await vault.set({ kind: 'appliance-admin', applianceId: profileId }, ADMIN)
    const c = await open()
    const text = await c.sees(/lunash:>\s*$/)
    expect(text).not.toMatch(/password:/i)
    expect(text).not.toContain(ADMIN)
    await operator.ok('sessions.close', { sessionId: c.sessionId })
  })

  it('asks in the console when the appliance refuses the kept password', async () => {
    await vault.set({ kind: 'appliance-admin', applianceId: profileId }, 'Stale-Passw0rd-1')
    const c = await open()
    const asked = await c.sees(/admin@127\.0\.0\.1's password: $/)
    // The operator is told why the console asks although a password is kept.
    expect(asked).toContain('[The admin password kept in the keychain was refused; type the password.]')
    await operator.ok('sessions.write', { sessionId: c.sessionId, data: `${ADMIN}\r` })
    const text = await c.sees(/lunash:>\s*$/)
    expect(text).not.toContain(ADMIN)
    expect(text).not.toContain('Stale-Passw0rd-1')
    await operator.ok('sessions.close', { sessionId: c.sessionId })
  })

  it('asks in the console when nothing is kept', async () => {
    await vault.delete({ kind: 'appliance-admin', applianceId: profileId })
    const c = await open()
    const asked = await c.sees(/admin@127\.0\.0\.1's password: $/)
    expect(asked).not.toContain('keychain')
    await operator.ok('sessions.close', { sessionId: c.sessionId })
  })
})
