/**
 * The host against a Luna SA 3.x/4.x appliance (the simulator's --era 4, a PED HSM), through the same dispatch the
 * renderer uses: the console's banner gives the software version (session.software, the tab's "· 3.3"), previews
 * and runs use the HID guide's syntax under the same command ids, and the guide's flows run as the appliance does
 * them: regenCert for an address, NTLS bound to an address, partition changePw answered from the form's choice.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import { verifyPassword } from '../../simulator/appliance/passwords'
import type { ApplianceCore } from '../../simulator/appliance/core'
import { startSimulator, type Simulator } from '../../simulator/index'
import { demoOf, recordShellInput } from '../support/simulated-appliance'
import type { EventPayload, RunnerPreview, RunnerResult } from '../../shared/api'

const ADMIN = 'Rack-Admin-2026!'
let sim: Simulator
let host: Host
let dataDir: string
/** Every line the appliance's shell received, as the simulator saw it. */
const shellInput: string[] = []

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', era: 4, hsmAuthentication: 'ped', firstSerial: '902514' })
  const handle = sim.appliances[0]!
  recordShellInput(handle, shellInput)
  const demo = demoOf(handle)
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-era4-'))
  host = createHost({ kind: 'web', dataDir, demo, runner: { vault: null, runner: { resyncMs: 1_500 } } })
})

afterAll(async () => {
  await host.close()
  await sim.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const core = (): ApplianceCore => (sim.appliances[0]!.appliance as unknown as { core: ApplianceCore }).core

const client = 'era4-panel'
let sessionId = ''
let text = ''
const software: EventPayload<'session.software'>[] = []
const prompts: EventPayload<'runner.prompt'>[] = []

function listen(e: HostEvent): void {
  if (e.client !== client) return
  if (e.name === 'session.data') {
    const p = e.payload as EventPayload<'session.data'>
    text += p.data
    void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
  } else if (e.name === 'session.software') software.push(e.payload as EventPayload<'session.software'>)
  else if (e.name === 'runner.prompt') {
    const p = e.payload as EventPayload<'runner.prompt'>
    prompts.push(p)
    if (p.kind === 'confirm')
      void host.dispatch(
        'runner.answer',
        { sessionId: p.sessionId, promptId: p.promptId, proceed: true, typed: p.mustType ?? 'proceed' },
        client,
      )
  }
}

async function see(pattern: RegExp): Promise<void> {
  const start = Date.now()
  while (!pattern.test(text)) {
    if (Date.now() - start > 15_000) throw new Error(`never saw ${pattern}:\n${text.slice(-800)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function call<T>(method: string, params: Record<string, unknown>): Promise<T> {
  const reply = await host.dispatch(method, params, client)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
  return reply.value as T
}

const run = (commandId: string, fields: Record<string, unknown> = {}, secrets?: Record<string, string>) =>
  call<RunnerResult>('runner.run', { sessionId, commandId, fields, ...(secrets ? { secrets } : {}) })

const preview = (commandId: string, fields: Record<string, unknown>, withSession = true) =>
  call<RunnerPreview>('runner.preview', { commandId, fields, ...(withSession ? { sessionId } : {}) })

describe('a 3.x/4.x appliance through the host', () => {
  it('reads the software version from the banner and sends the era with it', async () => {
    host.events.on('event', listen)
    const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 132, rows: 40 }, client)
    if (!reply.ok) throw new Error(reply.error.message)
    sessionId = (reply.value as { sessionId: string }).sessionId
    // 4.x's factory password is chrysalis: the demo's PASSWORD is refused and the console asks.
    await see(/password: $/)
    await host.dispatch('sessions.write', { sessionId, data: 'chrysalis\r' }, client)
    await see(/\(current\) UNIX password:/)
    expect(software).toEqual([])
    const first = await run(
      'login.first-password-change',
      {},
      { 'appliance-current-password': 'chrysalis', 'appliance-new-password': ADMIN },
    )
    expect(first.status, first.reason).toBe('done')
    expect(first.resultText).toBe('Success')
    expect(software).toEqual([{ sessionId, version: '3.3.0-5', era: 4, pinned: false }])
  })

  it('previews the HID guide’s line in this console, the newest syntax with a note elsewhere', async () => {
    expect(await preview('network.hostname', { hostname: 'ade-luna-sa' })).toMatchObject({
      ok: true,
      command: 'net hostname ade-luna-sa',
      readBack: 'net show',
      era: 4,
    })
    const elsewhere = await preview('network.hostname', { hostname: 'ade-luna-sa' }, false)
    expect(elsewhere).toMatchObject({ ok: true, command: 'network hostname ade-luna-sa' })
    expect(elsewhere.eraNote).toMatch(/reads it with hsm show/)
    expect(await preview('hsm.changePolicy', { code: 21, value: 1 })).toMatchObject({
      command: 'hsm -changePolicy -policy 21 -value 1',
      destructive: false,
    })
    expect(await preview('hsm.changePolicy', { code: 12, value: 0 })).toMatchObject({ destructive: true })
  })

  it('types the 4.x syntax and reads it back with 4.x commands', async () => {
    const before = shellInput.join('')
    const hostname = await run('network.hostname', { hostname: 'ade-luna-sa' })
    expect(hostname.status, hostname.reason).toBe('done')
    expect(hostname.command).toBe('net hostname ade-luna-sa')
    const zone = await run('sysconf.timezone.set', { zone: 'America/New_York' })
    expect(zone.command).toBe('sysconf -timezone -set America/New_York')
    expect(zone.status, zone.reason).toBe('done')
    const dns = await run('network.dns.add-nameserver', { address: '192.168.5.78' })
    expect(dns.command).toBe('net -dns -nameserver 192.168.5.78')
    expect(dns.status, dns.reason).toBe('done')
    const typed = shellInput.join('').slice(before.length)
    expect(typed).not.toMatch(/network |sysconf timezone set/)
  })

  it('regenerates the certificate for the address (no DNS), proven by a new server.pem', async () => {
    const result = await run(
      'sysconf.regencert',
      { address: '127.0.0.1' },
      { 'appliance-current-password': ADMIN },
    )
    expect(result.status, result.reason).toBe('done')
    expect(result.command).toBe('sysconf regenCert 127.0.0.1')
    expect(result.serverCertificate?.sha256).toMatch(/^[0-9A-F:]+$|^[0-9a-f]+$/)
    expect(result.serverCertificate?.previous).not.toBe(result.serverCertificate?.sha256)
    const { X509Certificate } = await import('node:crypto')
    expect(new X509Certificate(core().state.ntls.certPem).subject).toContain('CN=127.0.0.1')
  })

  it('binds NTLS to the address, restarting it when the appliance asks, and reads the address back', async () => {
    const result = await run('ntls.bind', { device: 'none', address: '127.0.0.1' })
    expect(result.command).toBe('ntls bind none -bind 127.0.0.1')
    expect(result.status, result.reason).toBe('done')
    expect(result.readBack?.evidence).toBe('ntls show: bound to the address 127.0.0.1')
    expect(result.interactions).toContainEqual({ kind: 'confirm', answer: 'proceed' })
  })

  it('a field the era does not take is refused before anything is typed', async () => {
    const before = shellInput.length
    const result = await run('ntls.bind', { device: 'eth0', address: '127.0.0.1' })
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/^Nothing was sent: .*choose "none"/)
    expect(shellInput.length).toBe(before)
  })

  it('initialises the PED HSM, creates a partition and proves it with the 4.x partition list', async () => {
    const init = await run('hsm.init', { label: 'ade_luna_sa' })
    expect(init.status, init.reason).toBe('done')
    expect((await run('hsm.login')).status).toBe('done')
    const create = await run('partition.create', { partition: 'ade_partition' })
    expect(create.status, create.reason).toBe('done')
    expect(create.readBack?.evidence).toBe('partition list: ade_partition, serial 902514001')
  })

  it('reads the 4.x hsm show, policy table, NTP, and restarts NTLS', async () => {
    const show = await run('hsm.show')
    expect(show.status, show.reason).toBe('done')
    expect(show.facts).toMatchObject({ softwareVersion: '3.3.0-5', firmware: '4.5.3', serial: '902514' })
    const policies = await run('hsm.showPolicies')
    expect(policies.command).toBe('hsm -showPolicies')
    expect(policies.status, policies.reason).toBe('done')
    expect(
      (policies.facts as { policies: { code: number; destructive: boolean }[] }).policies,
    ).toContainEqual(expect.objectContaining({ code: 13, destructive: false }))
    const ntp = await run('sysconf.ntp.addserver', { server: '192.168.5.200' })
    expect(ntp.command).toBe('sysconf ntp -addserver 192.168.5.200')
    expect(ntp.status, ntp.reason).toBe('done')
    const restart = await run('service.restart', { service: 'ntls' })
    expect(restart.status, restart.reason).toBe('done')
  })

  it('a non-destructive policy is changed without a typed confirmation', async () => {
    const before = prompts.length
    const result = await run('hsm.changePolicy', { code: 21, value: 1 })
    expect(result.command).toBe('hsm -changePolicy -policy 21 -value 1')
    expect(result.status, result.reason).toBe('done')
    expect(prompts.slice(before).filter((p) => p.kind === 'confirm' && p.destructive)).toEqual([])
  })

  it('registers the client by IP with the guide’s syntax, assigns the partition, reads it back', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'rackside-era4-cert-'))
    const certPath = join(certDir, '192.168.5.174.pem')
    writeFileSync(certPath, core().state.ntls.certPem)
    const up = await call<{ name: string; via: string }>('runner.upload', {
      sessionId,
      localPath: certPath,
      password: ADMIN,
    })
    rmSync(certDir, { recursive: true, force: true })
    expect(up.name).toBe('192.168.5.174.pem')
    const register = await run('client.register', { client: 'supreme', address: '192.168.5.174' })
    expect(register.command).toBe('client -register -client supreme -ip 192.168.5.174')
    expect(register.status, register.reason).toBe('done')
    expect(register.readBack?.result.command).toBe('client -list')
    const assign = await run('client.assignPartition', { client: 'supreme', partition: 'ade_partition' })
    expect(assign.status, assign.reason).toBe('done')
    expect(assign.readBack?.result.command).toBe('client -show -client supreme')
    expect(assign.readBack?.result.facts).toMatchObject({
      clientId: 'supreme',
      ipAddress: '192.168.5.174',
      partitions: ['ade_partition'],
    })
  })

  it('changes the challenge: the PED menu answered 2 from the form, the new challenge stored', async () => {
    const challenge = /displays the partition password: (\S+)\)/.exec(text)?.[1]
    expect(challenge).toBeDefined()
    const result = await run(
      'partition.changePw',
      { partition: 'ade_partition', credential: 'challenge' },
      { 'partition-password': challenge!, 'partition-new-password': 'New-Chall3nge' },
    )
    expect(result.status, result.reason).toBe('done')
    expect(result.interactions[0]).toEqual({ kind: 'answer', answer: '2' })
    const partition = core().state.partitions.find((p) => p.name === 'ade_partition')!
    expect(verifyPassword('New-Chall3nge', partition.pedChallengeHash ?? '')).toBe(true)
    expect(result.transcript).not.toContain('New-Chall3nge')
  })

  it('changes the black PED key when asked: option 1, the PED notice, no password typed', async () => {
    const result = await run('partition.changePw', { partition: 'ade_partition', credential: 'ped-key' })
    expect(result.status, result.reason).toBe('done')
    expect(result.interactions.map((i) => i.kind)).toEqual(['answer', 'ped'])
    expect(result.interactions[0]).toEqual({ kind: 'answer', answer: '1' })
    expect(prompts.at(-1)).toMatchObject({ kind: 'ped', ped: { keys: [{ colour: 'black' }] } })
  })
})
