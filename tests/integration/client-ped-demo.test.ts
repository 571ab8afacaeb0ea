/**
 * The client-side wizard against the PED HSM demo while the password demo runs beside it: both demo appliances
 * are real simulators on loopback, each with its own NTLS port, server certificate and simulated Luna client.
 * Every step run for the PED demo's console must use the PED appliance — its client folder, its server.pem, its
 * NTLS endpoint — never the password demo's. Register and assign need no PED key and no password on a PED HSM:
 * the runner types them and reads them back without asking the operator for anything.
 */
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readNtlsServerCertificate } from '../../electron/client/service/service'
import { simulatorDemo, type DemoAppliance, type DemoProvider } from '../../electron/host/demo'
import { createHost, type Host } from '../../electron/host/host'
import type { EventPayload, RunnerResult } from '../../shared/api'
import { actAsOperator, memoryVault, type HostClient } from '../support/host-client'

const PED_ADMIN = 'Ped-Client-Admin!'
const PW_ADMIN = 'Pw-Client-Admin!'
const SO = 'S0-PedFlow-Passw0rd!'
const DOMAIN = 'Dom-PedFlow-Passw0rd!'
const PARTITION_PW = 'Par-PedFlow-Passw0rd!'

const root = mkdtempSync(join(tmpdir(), 'rackside-client-ped-'))
const dataDir = join(root, 'data')
const vault = memoryVault()
// The two built-in demo appliances, as host.ts makes them (the PED one's PED answers a little sooner here).
const demo: DemoProvider = simulatorDemo()
const demoPed: DemoProvider = simulatorDemo({
  hsmAuthentication: 'ped',
  pedDelayMs: 300,
  firstSerial: '157642',
})
let host: Host
let wizard: HostClient
const consoleText = new Map<string, string>()
const prompts: EventPayload<'runner.prompt'>[] = []
let pedSession = ''
let pwSession = ''
let ped: DemoAppliance
let pw: DemoAppliance

const call = <T>(method: string, params?: Record<string, unknown>) => wizard.call<T>(method, params)
const ok = <T>(method: string, params?: Record<string, unknown>) => wizard.ok<T>(method, params)
const run = (
  sessionId: string,
  commandId: string,
  fields: Record<string, unknown>,
  secrets?: Record<string, string>,
) => ok<RunnerResult>('runner.run', { sessionId, commandId, fields, ...(secrets ? { secrets } : {}) })

async function openDemo(profileId: string, admin: string): Promise<string> {
  const { sessionId } = await ok<{ sessionId: string }>('sessions.open', { profileId, cols: 120, rows: 40 })
  const until = Date.now() + 20_000
  while (!/\(current\) UNIX password:/.test(consoleText.get(sessionId) ?? '')) {
    if (Date.now() > until) throw new Error(`no first-login prompt:\n${consoleText.get(sessionId)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const first = await run(
    sessionId,
    'login.first-password-change',
    {},
    { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': admin },
  )
  expect(first.status, first.reason).toBe('done')
  return sessionId
}

const sha256Of = (cert: X509Certificate | undefined) =>
  cert?.fingerprint256.replace(/:/g, '').toLowerCase() ?? 'none'
const pemSha256 = (path: string) => sha256Of(new X509Certificate(readFileSync(path)))

beforeAll(async () => {
  host = createHost({
    kind: 'web',
    dataDir,
    demo,
    demoPed,
    runner: { vault, runner: { resyncMs: 1_500 } },
    client: { vault, probeTimeoutMs: 5_000 },
  })
  wizard = actAsOperator(host, 'ped-wizard', (e) => {
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      consoleText.set(p.sessionId, (consoleText.get(p.sessionId) ?? '') + p.data)
    } else if (e.name === 'runner.prompt') prompts.push(e.payload as EventPayload<'runner.prompt'>)
  })
  // The password demo is up too, with a partition its client could see: the wrong appliance is there to be used.
  pwSession = await openDemo('demo', PW_ADMIN)
  expect(
    (await run(pwSession, 'hsm.init', { label: 'pwhsm' }, { 'hsm-so-password': SO, 'hsm-domain': DOMAIN }))
      .status,
  ).toBe('done')
  expect((await run(pwSession, 'hsm.login', {}, { 'hsm-so-password': SO })).status).toBe('done')
  expect(
    (
      await run(
        pwSession,
        'partition.create',
        { partition: 'pwpart' },
        { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
      )
    ).status,
  ).toBe('done')

  // The PED demo: initialise, log in and create the partition with PED keys (no passwords are asked).
  pedSession = await openDemo('demo-ped', PED_ADMIN)
  const init = await run(pedSession, 'hsm.init', { label: 'pedhsm' })
  expect(init.status, init.reason).toBe('done')
  expect((await run(pedSession, 'hsm.login', {})).status).toBe('done')
  const part = await run(pedSession, 'partition.create', { partition: 'cmsped' })
  expect(part.status, part.reason).toBe('done')
  expect(prompts.some((p) => p.kind === 'ped' && p.sessionId === pedSession)).toBe(true)

  ped = demoPed.current!()!
  pw = demo.current!()!
  expect(ped.ntls!.port).not.toBe(pw.ntls!.port)
  expect(ped.clientRoot).not.toBe(pw.clientRoot)
  await ok('vault.set', { account: { kind: 'appliance-admin', applianceId: 'demo-ped' }, secret: PED_ADMIN })
}, 180_000)

afterAll(async () => {
  await host?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the client-side wizard against the PED HSM demo, the password demo running beside it', () => {
  it('1. "Use the demo appliance’s client" for the PED console finds the PED appliance’s simulated client', async () => {
    const found = await ok<{ folder: string; demo: boolean }>('client.locate', {
      demo: true,
      sessionId: pedSession,
    })
    expect(found).toMatchObject({ folder: ped.clientRoot, demo: true })
    await ok('sessions.open', { profileId: 'client-tools', cols: 100, rows: 30 })
  })

  it('2. pulls the PED appliance’s server.pem, the certificate its own NTLS port presents', async () => {
    const pulled = await ok<{
      path: string
      fingerprints: { sha256: string }
      ntls: { endpoint: string; matches?: boolean }
    }>('client.pullServerPem', { sessionId: pedSession })
    const pedCert = sha256Of(await readNtlsServerCertificate(ped.ntls!.host, ped.ntls!.port))
    const pwCert = sha256Of(await readNtlsServerCertificate(pw.ntls!.host, pw.ntls!.port))
    expect(pedCert).not.toBe(pwCert)
    expect(pulled.path).toBe(join(dataDir, 'appliances', 'demo-ped', 'server.pem'))
    expect(pulled.fingerprints.sha256.replace(/:/g, '').toLowerCase()).toBe(pedCert)
    expect(pemSha256(pulled.path)).toBe(pedCert)
    expect(pulled.ntls).toMatchObject({ endpoint: `${ped.ntls!.host}:${ped.ntls!.port}`, matches: true })
  })

  it('3–4. vtl addServer with the PED server.pem and createCert in the PED client; the certificate is pushed', async () => {
    const added = await ok<{ ok: boolean; command: string }>('client.runVtl', {
      action: 'addServer',
      sessionId: pedSession,
    })
    expect(added.ok).toBe(true)
    expect(added.command).toContain(join(dataDir, 'appliances', 'demo-ped', 'server.pem'))
    // The PED client's configuration points at the PED appliance's NTLS port, not 1792 and not the other demo's.
    const conf = readFileSync(join(ped.clientRoot!, 'Chrystoki.conf'), 'utf8')
    expect(conf).toMatch(new RegExp(`ServerPort\\d+\\s*=\\s*${ped.ntls!.port}\\b`))
    const created = await ok<{ ok: boolean; facts: { certPath: string } }>('client.runVtl', {
      action: 'createCert',
      clientName: '127.0.0.1',
    })
    expect(created.facts.certPath).toBe(join(ped.clientRoot!, 'cert', 'client', '127.0.0.1.pem'))
    const pushed = await ok<{ remoteName: string }>('client.pushCert', {
      sessionId: pedSession,
      clientName: '127.0.0.1',
    })
    expect(pushed.remoteName).toBe('127.0.0.1.pem')
  })

  it('5. register and assign on the PED HSM: typed and read back, no PED key and no password asked', async () => {
    const before = prompts.length
    const registered = await run(pedSession, 'client.register', { client: 'cms-ped', address: '127.0.0.1' })
    expect(registered.status, registered.reason).toBe('done')
    const assigned = await run(pedSession, 'client.assignPartition', {
      client: 'cms-ped',
      partition: 'cmsped',
    })
    expect(assigned.status, assigned.reason).toBe('done')
    expect(assigned.readBack?.evidence).toMatch(/Partitions include "cmsped"/)
    expect(prompts.slice(before).filter((p) => p.kind === 'ped' || p.kind === 'password')).toEqual([])
  })

  it('6. the trust link is checked on the PED appliance’s NTLS port and shows its partition', async () => {
    const up = await ok<{
      ok: boolean
      endpoint: string
      client?: string
      partitions?: { name: string; serial: string }[]
    }>('client.probe', { sessionId: pedSession })
    expect(up.endpoint).toBe(`${ped.ntls!.host}:${ped.ntls!.port}`)
    expect(up.ok).toBe(true)
    expect(up.client).toBe('cms-ped')
    expect(up.partitions?.map((p) => p.name)).toEqual(['cmsped'])
    expect(up.partitions?.[0]?.serial).toMatch(/^157642/)
  })

  it('7. vtl verify finds the PED appliance’s partition only', async () => {
    const verified = await ok<{ ok: boolean; facts: { label: string; serial: string }[] }>('client.runVtl', {
      action: 'verify',
    })
    expect(verified.ok).toBe(true)
    expect(verified.facts.map((s) => s.label)).toEqual(['cmsped'])
    expect(verified.facts[0]!.serial).toMatch(/^157642/)
  })

  it('refuses to run vtl for one demo with the other demo’s client, and says which to locate', async () => {
    await ok('client.locate', { demo: true, sessionId: pwSession })
    const crossed = await call('client.runVtl', { action: 'addServer', sessionId: pedSession })
    expect(crossed).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: /another demo appliance.*step 1/ },
    })
    const probe = await call('client.probe', { sessionId: pedSession })
    expect(probe).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    // Nothing was added to the password demo's client by the refused run.
    const conf = join(pw.clientRoot!, 'Chrystoki.conf')
    if (existsSync(conf)) expect(readFileSync(conf, 'utf8')).not.toMatch(new RegExp(`${ped.ntls!.port}`))
  })

  it('the demo client is asked for with its console; a console that is not a demo appliance has none', async () => {
    const unnamed = await call('client.locate', { demo: true })
    expect(unnamed).toMatchObject({ ok: false, error: { message: /Pick the demo appliance’s console/ } })
    const local = await ok<{ sessionId: string }>('sessions.open', { profileId: 'local', cols: 80, rows: 24 })
    const reply = await call('client.locate', { demo: true, sessionId: local.sessionId })
    expect(reply).toMatchObject({ ok: false, error: { message: /not a demo appliance/ } })
    await ok('sessions.close', { sessionId: local.sessionId })
  })
})
