/**
 * The HID guide's DNS check on the client side, against the demo appliance (the simulator on loopback and its
 * vtl), through the same dispatch the renderer uses, with the system's own resolver: the name given to vtl
 * addServer must lead to the appliance's address, the name given to vtl createCert to this computer. `localhost`
 * and the address itself pass; a name under `.invalid` (RFC 2606: never resolves) and another machine's address
 * are named in a warning that comes back with the step. The step itself still runs: a warning, not a refusal.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { simulatorDemo, type DemoProvider } from '../../electron/host/demo'
import type { EventPayload, Result, RunnerResult } from '../../shared/api'
import { actAsOperator, memoryVault, type HostClient } from '../support/host-client'

const ADMIN = 'Name-Check-Admin-1!'
const root = mkdtempSync(join(tmpdir(), 'rackside-name-check-'))
const vault = memoryVault()
let demo: DemoProvider
let host: Host
let wizard: HostClient
let sessionId = ''
let consoleText = ''
let toolsText = ''

type VtlResult = Result<'client.runVtl'>
const vtl = (params: Record<string, unknown>) => wizard.ok<VtlResult>('client.runVtl', params)

beforeAll(async () => {
  demo = simulatorDemo()
  host = createHost({
    kind: 'web',
    dataDir: join(root, 'data'),
    demo,
    runner: { vault, runner: { resyncMs: 1_500 } },
    client: { vault, probeTimeoutMs: 5_000 },
  })
  wizard = actAsOperator(host, 'wizard', (e) => {
    if (e.name !== 'session.data') return
    const p = e.payload as EventPayload<'session.data'>
    if (p.sessionId === sessionId) consoleText += p.data
    else toolsText += p.data
  })
  sessionId = (
    await wizard.ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 })
  ).sessionId
  const until = Date.now() + 20_000
  while (!/\(current\) UNIX password:/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no first-login prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const first = await wizard.ok<RunnerResult>('runner.run', {
    sessionId,
    commandId: 'login.first-password-change',
    fields: {},
    secrets: { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': ADMIN },
  })
  expect(first.status, first.reason).toBe('done')
  await wizard.ok('client.locate', { demo: true, sessionId })
  await wizard.ok('sessions.open', { profileId: 'client-tools', cols: 100, rows: 30 })
  await wizard.ok('client.pullServerPem', { sessionId })
}, 120_000)

afterAll(async () => {
  await host?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('vtl addServer: the appliance’s name must resolve to the address Rackside reaches it at', () => {
  it('the console’s own address, and localhost (127.0.0.1 here): no warning', async () => {
    const own = await vtl({ action: 'addServer', sessionId })
    expect(own.ok).toBe(true)
    expect(own.warnings).toBeUndefined()
    const named = await vtl({ action: 'addServer', sessionId, server: 'localhost' })
    expect(named.command).toMatch(/^vtl addServer -n localhost /)
    expect(named.warnings).toBeUndefined()
  })

  it('a name that never resolves: the step runs, and the warning says what to do', async () => {
    const r = await vtl({ action: 'addServer', sessionId, server: 'luna-sa-1.invalid' })
    expect(r.command).toMatch(/^vtl addServer -n luna-sa-1\.invalid /)
    expect(toolsText).toContain('$ vtl addServer -n luna-sa-1.invalid')
    expect(r.warnings).toEqual([
      expect.stringMatching(/"luna-sa-1\.invalid" does not resolve on this computer/),
    ])
    expect(r.warnings?.[0]).toMatch(
      /A record \(or a hosts-file entry\) for luna-sa-1\.invalid pointing to 127\.0\.0\.1/,
    )
    expect(r.warnings?.[0]).toMatch(/the appliance's IP address \(127\.0\.0\.1\)/)
  })

  it('another machine’s address given as the name: both addresses are named', async () => {
    const r = await vtl({ action: 'addServer', sessionId, server: '192.0.2.7' })
    expect(r.warnings?.[0]).toMatch(
      /vtl addServer names 192\.0\.2\.7, but Rackside reaches the appliance at 127\.0\.0\.1/,
    )
  })
})

describe('vtl createCert: the client’s name must resolve to this computer', () => {
  it('this computer’s address and localhost: no warning', async () => {
    const ip = await vtl({ action: 'createCert', clientName: '127.0.0.1', sessionId })
    expect(ip.ok).toBe(true)
    expect(ip.warnings).toBeUndefined()
    const named = await vtl({ action: 'createCert', clientName: 'localhost', sessionId })
    expect(named.warnings).toBeUndefined()
  })

  it('a name without an A record: the warning asks for one, or the IP address', async () => {
    const r = await vtl({ action: 'createCert', clientName: 'cms01.invalid', sessionId })
    expect(toolsText).toContain('$ vtl createCert -n cms01.invalid')
    expect(r.warnings?.[0]).toMatch(/"cms01\.invalid" does not resolve on this computer/)
    expect(r.warnings?.[0]).toMatch(/add a DNS A record for cms01\.invalid pointing to this computer/)
  })

  it('another machine’s address: named as not this computer’s', async () => {
    const r = await vtl({ action: 'createCert', clientName: '192.0.2.7' })
    expect(r.warnings?.[0]).toMatch(/192\.0\.2\.7 is not an address of this computer/)
  })
})
