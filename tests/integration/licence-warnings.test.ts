/**
 * The HID procedure's licence check against the simulator, through the same dispatch the renderer uses: an HSM
 * licensed for one partition that already holds one. The Licences panel's result and the Overview both say, before
 * the operator types partition create, that the appliance will refuse it; a licence with room says nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import type { DemoProvider } from '../../electron/host/demo'
import { startSimulator, type Simulator } from '../../simulator/index'
import type { ApplianceOverview, EventPayload, RunnerResult } from '../../shared/api'
import { changeFactoryPassword } from '../support/first-login'
import { actAsOperator, type HostClient } from '../support/host-client'

const ADMIN = 'Licence-Check-2026!'
const root = mkdtempSync(join(tmpdir(), 'rackside-licences-'))
const stateFile = join(root, 'state.json')
let sim: Simulator
let host: Host
let operator: HostClient
let sessionId = ''
let consoleText = ''

/** Edits the stopped simulator's saved state: the partition licence and the partitions on the HSM. */
async function restartWith(partitionsAllowed: number, partitions: string[]): Promise<void> {
  await sim.stop()
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
    serial: string
    hsm: { partitionsAllowed: number }
    partitions: unknown[]
  }
  state.hsm.partitionsAllowed = partitionsAllowed
  state.partitions = partitions.map((name, i) => ({
    name,
    serial: `${state.serial}00${i + 1}`,
    label: name,
    policies: {},
    activated: false,
    objects: 0,
  }))
  writeFileSync(stateFile, JSON.stringify(state))
  sim = await startSimulator({ era: 6, stateFile })
}

async function openConsole(): Promise<void> {
  consoleText = ''
  sessionId = (
    await operator.ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 })
  ).sessionId
  const until = Date.now() + 15_000
  while (!/password: $/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no login prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  await operator.ok('sessions.write', { sessionId, data: `${ADMIN}\r` })
  while (!/lunash:>\s*$/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no lunash prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

beforeAll(async () => {
  sim = await startSimulator({ era: 6, stateFile })
  await changeFactoryPassword(sim.appliances[0]!.ssh, ADMIN)
  await restartWith(1, ['cms'])
  const demo: DemoProvider = {
    start: async () => {
      const handle = sim.appliances[0]!
      return {
        host: handle.ssh.host,
        port: handle.ssh.port,
        hostKeyFingerprint: handle.ssh.hostKeyFingerprint,
        serial: handle.serial,
      }
    },
    stop: async () => undefined,
  }
  host = createHost({ kind: 'web', dataDir: join(root, 'data'), demo, runner: { vault: null } })
  operator = actAsOperator(host, 'licences', (e) => {
    if (e.name === 'session.data') consoleText += (e.payload as EventPayload<'session.data'>).data
  })
  await openConsole()
}, 60_000)

afterAll(async () => {
  await host?.close()
  await sim?.stop()
  rmSync(root, { recursive: true, force: true })
})

describe('the partition licence, before partition create', () => {
  it('the Licences panel: the licence read, the partitions counted with hsm show, and the refusal announced', async () => {
    const result = await operator.ok<RunnerResult>('runner.run', {
      sessionId,
      commandId: 'hsm.displayLicenses',
      fields: {},
    })
    expect(result.status).toBe('done')
    expect(result.facts).toMatchObject({ partitionsAllowed: 1 })
    expect(result.warnings).toEqual([expect.stringMatching(/licensed for 1 partition and 1 is created/)])
    expect(result.warnings?.[0]).toMatch(/a further partition create will be refused/)
    // The count came from hsm show, typed in the console like every read.
    expect(consoleText).toMatch(/hsm displayLicenses[\s\S]*hsm show/)
  })

  it('the Overview says the same, and marks the licence itself as held', async () => {
    const overview = await operator.ok<ApplianceOverview>('overview.read', { sessionId })
    expect(overview.problems).toEqual([])
    expect(overview.warnings).toEqual([expect.stringMatching(/a further partition create will be refused/)])
    expect(overview.procedures.find((p) => p.id === 'licences')).toMatchObject({
      mark: 'done',
      evidence: expect.stringMatching(/1 Partitions; 1 created/),
    })
  })

  it('a licence with room for the CMS partition: no warning in the panel or the Overview', async () => {
    await operator.ok('sessions.close', { sessionId })
    await restartWith(2, ['cms'])
    await openConsole()
    const result = await operator.ok<RunnerResult>('runner.run', {
      sessionId,
      commandId: 'hsm.displayLicenses',
      fields: {},
    })
    expect(result.status).toBe('done')
    expect(result.warnings).toBeUndefined()
    const overview = await operator.ok<ApplianceOverview>('overview.read', { sessionId })
    expect(overview.warnings).toEqual([])
  }, 60_000)
})
