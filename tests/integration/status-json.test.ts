/**
 * `rackside status --json` says everything it read from an appliance that has a name, a registered client with a
 * partition, and a policy table: the name from the prompt, each client's address and partitions, the policies with
 * their Destructive column, and a reason for every procedure it cannot mark.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { cli } from '../support/rackside-cli'

const ADMIN = 'Status-Json-2026!'
const stateFile = join(mkdtempSync(join(tmpdir(), 'rackside-status-json-')), 'state.json')
let sim: Simulator

interface StatusJson {
  appliance: {
    name: string | null
    nameFrom: string | null
    softwareVersion: string | null
    era: number | null
  }
  clients: { name: string; ipAddress?: string; hostname?: string; partitions: string[] | null }[]
  policies: { code: number; description: string; value: string; destructive: boolean }[]
  procedures: { id: string; mark: string; reason?: string }[]
  problems: unknown[]
}

beforeAll(async () => {
  sim = await startSimulator({ era: 6, stateFile })
  await changeFactoryPassword(sim.appliances[0]!.ssh, ADMIN)
  await sim.stop()
  // The appliance as a site would have it: a hostname, a partition and a client registered by address.
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown> & {
    network: { hostname: string }
    clients: unknown[]
  }
  state.network.hostname = 'rack7-hsm'
  state.clients = [{ name: 'cms01', ip: '10.20.30.40', certificatePem: '', partitions: ['cms_part'] }]
  writeFileSync(stateFile, JSON.stringify(state))
  sim = await startSimulator({ era: 6, stateFile })
}, 60_000)
afterAll(async () => sim.stop())

describe('rackside status --json', () => {
  it('names the appliance by its prompt, reads each client’s address and partitions, and the policy table', async () => {
    const ssh = sim.appliances[0]!.ssh
    const r = await cli(
      [
        'status',
        '--json',
        `ssh://admin@${ssh.host}:${ssh.port}`,
        '--host-key',
        ssh.hostKeyFingerprint,
        '--password-stdin',
      ],
      `${ADMIN}\n`,
    )
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout) as StatusJson
    expect(json.appliance).toMatchObject({ name: 'rack7-hsm', nameFrom: 'prompt' })
    expect(json.clients).toEqual([
      expect.objectContaining({ name: 'cms01', ipAddress: '10.20.30.40', partitions: ['cms_part'] }),
    ])
    expect(json.policies.length).toBeGreaterThan(5)
    for (const p of json.policies) {
      expect(p.code).toEqual(expect.any(Number))
      expect(typeof p.destructive).toBe('boolean')
    }
    for (const p of json.procedures) if (p.mark === 'unknown') expect(p.reason, p.id).toMatch(/\S/)
    // What the appliance cannot vouch for is unknown, not "not done".
    expect(json.procedures.find((p) => p.id === 'ntls-cert')?.mark).toBe('unknown')
  }, 60_000)
})
