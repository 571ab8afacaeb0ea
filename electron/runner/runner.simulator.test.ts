/**
 * The runner against the real simulator over SSH (ssh2 client, pty shell), the way the console session will
 * drive it: first login, read-backs, a declined destructive command, and the simulator's faults.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Client, type ClientChannel } from 'ssh2'
import { startSimulator, type Simulator } from '../../simulator/index'
import { streamChannel } from './channel'
import { CommandRunner, type ConfirmAnswer, type ConfirmRequest, type RunCallbacks } from './runner'
import {
  clientAssignPartition,
  clientDelete,
  clientList,
  clientRegister,
  clientShow,
  firstLoginPasswordChange,
  hsmChangePolicy,
  hsmDisplayLicenses,
  hsmInit,
  hsmLogin,
  hsmLogout,
  hsmShow,
  hsmShowPolicies,
  myFileList,
  networkDomain,
  networkHostname,
  networkInterface,
  networkShow,
  regenCert,
  ntlsBind,
  ntlsShow,
  ntpAddServer,
  partitionActivate,
  partitionChangePolicy,
  partitionChangePw,
  partitionCreate,
  partitionDelete,
  partitionList,
  partitionShow,
  serviceRestart,
  sshFingerprint,
  statusDate,
  timeSet,
  timezoneSet,
  type SecretId,
} from '../../shared/lunash/commands'

const FACTORY = 'PASSWORD'
const ADMIN = 'Rack-Admin-2026!'
const secrets: Record<SecretId, string> = {
  'appliance-current-password': FACTORY,
  'appliance-new-password': ADMIN,
  'hsm-so-password': 'S0-Passw0rd!',
  'hsm-domain': 'Dom-Passw0rd!',
  'partition-password': 'Par-Passw0rd!',
  'partition-new-password': 'N3w-Par-Passw0rd!',
  'partition-domain': 'PDom-Passw0rd!',
}

let sim: Simulator
const clients: Client[] = []

/** The operator: agrees when told to, types what must be typed, and records what it was asked. */
function operator(
  answer: (r: ConfirmRequest) => ConfirmAnswer = (r) => ({ proceed: true, typed: r.mustType ?? 'proceed' }),
) {
  const asked: ConfirmRequest[] = []
  const peds: string[] = []
  const callbacks: RunCallbacks = {
    confirm: async (r) => {
      asked.push(r)
      return answer(r)
    },
    secret: async (r) => secrets[r.secret],
    ped: (n) => peds.push(n.operation),
  }
  return { callbacks, asked, peds }
}

async function connect(
  password: string,
  simulator: Simulator = sim,
): Promise<{ runner: CommandRunner; client: Client; written: string[] }> {
  const appliance = simulator.appliances[0]
  if (!appliance) throw new Error('no appliance')
  const client = new Client()
  clients.push(client)
  await new Promise<void>((resolve, reject) =>
    client
      .on('ready', () => resolve())
      .on('error', reject)
      .connect({
        host: appliance.ssh.host,
        port: appliance.ssh.port,
        username: 'admin',
        password,
        // Pinned: the fingerprint the appliance prints (`sysconf fingerprint ssh`), as OpenSSH shows it.
        hostVerifier: (key: Buffer) =>
          `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` ===
          appliance.ssh.hostKeyFingerprint,
      }),
  )
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', cols: 132, rows: 50 }, (error, s) => (error ? reject(error) : resolve(s))),
  )
  const channel = streamChannel(stream)
  const written: string[] = []
  const runner = new CommandRunner(
    {
      write: (text) => {
        written.push(text)
        channel.write(text)
      },
      onData: channel.onData,
      onClose: channel.onClose,
    },
    { resyncMs: 2_000 },
  )
  return { runner, client, written }
}

beforeAll(async () => {
  sim = await startSimulator({ era: 6 })
})

afterAll(async () => {
  for (const c of clients) c.end()
  await sim?.stop()
})

describe('the runner drives the simulator over SSH', () => {
  let session: Awaited<ReturnType<typeof connect>>

  it('attends the forced first-login password change', async () => {
    session = await connect(FACTORY)
    const result = await session.runner.run(firstLoginPasswordChange, {}, operator().callbacks)
    expect(result.status).toBe('done')
    expect(result.facts).toMatchObject({ version: expect.stringMatching(/^\d/) })
    expect(result.interactions).toHaveLength(3)
    expect(result.transcript).not.toContain(ADMIN)
    expect(result.promptHost).toBe('local_host')
  })

  it('reads hsm show into facts', async () => {
    const result = await session.runner.run(hsmShow, {}, operator().callbacks)
    expect(result.status).toBe('done')
    expect(result.facts).toMatchObject({ serial: sim.appliances[0]?.serial, label: null })
  })

  it('sets the hostname, relearns the prompt and proves it with network show', async () => {
    const result = await session.runner.runStep(
      networkHostname,
      { hostname: 'hsm-rack-07' },
      operator().callbacks,
    )
    expect(result.status).toBe('done')
    expect(result.readBack?.evidence).toMatch(/hsm-rack-07/)
    expect(session.runner.promptHost).toBe('hsm-rack-07')
    const show = await session.runner.run(networkShow, {}, operator().callbacks)
    expect(show).toMatchObject({ status: 'done', unverified: true, promptHost: 'hsm-rack-07' })
  })

  it('sets domain, time zone and time, each proven by a read-back', async () => {
    const cb = operator().callbacks
    expect((await session.runner.runStep(networkDomain, { domain: 'example.com' }, cb)).status).toBe('done')
    expect((await session.runner.runStep(timezoneSet, { zone: 'Europe/Berlin' }, cb)).status).toBe('done')
    const time = await session.runner.runStep(timeSet, { time: '14:05', date: '20261128' }, cb)
    expect(time.status).toBe('done')
    expect((await session.runner.run(statusDate, {}, cb)).facts).toMatchObject({
      year: 2026,
      month: 11,
      day: 28,
    })
    expect((await session.runner.runStep(ntpAddServer, { server: '192.0.2.123' }, cb)).status).toBe('done')
  })

  it('reads the SSH fingerprint the host key was pinned against', async () => {
    const result = await session.runner.run(sshFingerprint, {}, operator().callbacks)
    expect(result.status).toBe('done')
    const facts = result.facts as { fingerprints: { value: string }[] }
    expect(facts.fingerprints.map((f) => f.value)).toContain(sim.appliances[0]?.ssh.hostKeyFingerprint)
  })

  it('binds NTLS (restart confirmed by the operator) and restarts it', async () => {
    const op = operator()
    const bind = await session.runner.runStep(ntlsBind, { device: 'eth0' }, op.callbacks)
    expect(bind.status).toBe('done')
    expect(op.asked[0]).toMatchObject({
      destructive: false,
      question: expect.stringContaining("type 'proceed'"),
    })
    expect((await session.runner.run(ntlsShow, {}, op.callbacks)).facts).toMatchObject({ device: 'eth0' })
    expect((await session.runner.runStep(serviceRestart, { service: 'ntls' }, op.callbacks)).status).toBe(
      'done',
    )
  })

  it('initialises the HSM only after the operator typed the label, then logs in', async () => {
    const op = operator()
    const init = await session.runner.runStep(hsmInit, { label: 'rack07' }, op.callbacks)
    expect(init.status).toBe('done')
    expect(op.asked).toEqual([expect.objectContaining({ destructive: true, mustType: 'rack07' })])
    expect(init.transcript).not.toMatch(/S0-Passw0rd!|Dom-Passw0rd!/)
    const login = await session.runner.runStep(hsmLogin, {}, op.callbacks)
    expect(login.status).toBe('done')
    const licences = await session.runner.run(hsmDisplayLicenses, {}, op.callbacks)
    expect(licences).toMatchObject({
      status: 'done',
      unverified: true,
      facts: { partitionsAllowed: expect.any(Number) },
    })
  })

  it('never spends the last SO login attempt without the operator: declining keeps the HSM', async () => {
    const cb = operator().callbacks
    expect((await session.runner.runStep(hsmLogout, {}, cb)).status).toBe('done')
    const wrong: RunCallbacks = { ...cb, secret: async () => 'Wr0ng-Passw0rd!' }
    for (let i = 0; i < 2; i++) {
      const attempt = await session.runner.run(hsmLogin, {}, wrong)
      expect(attempt).toMatchObject({ status: 'failed', error: { name: 'LUNA_RET_UM_PIN_INCORRECT' } })
    }
    const op = operator(() => ({ proceed: false }))
    const last = await session.runner.run(hsmLogin, {}, { ...op.callbacks, secret: wrong.secret })
    expect(last.status).toBe('failed')
    expect(op.asked).toEqual([
      expect.objectContaining({ destructive: true, warning: expect.stringMatching(/zeroizes/) }),
    ])
    const show = await session.runner.run(hsmShow, {}, cb)
    expect(show.facts).toMatchObject({ label: 'rack07', zeroized: false })
    expect((await session.runner.runStep(hsmLogin, {}, cb)).status).toBe('done')
  })

  it('a destructive policy the operator declines: quit is sent and nothing changes', async () => {
    const op = operator(() => ({ proceed: false }))
    const before = session.written.length
    const result = await session.runner.run(hsmChangePolicy, { code: 12, value: 0 }, op.callbacks)
    expect(result.status).toBe('failed')
    expect(session.written.slice(before)).toContain('quit\r')
    expect(session.written.slice(before)).not.toContain('proceed\r')
    const policies = await session.runner.run(hsmShowPolicies, {}, op.callbacks)
    expect((policies.facts as { policies: { code: number; value: string }[] }).policies).toContainEqual(
      expect.objectContaining({ code: 12, value: 'On' }),
    )
    const policy16 = await session.runner.runStep(
      hsmChangePolicy,
      { code: 16, value: 1 },
      operator().callbacks,
    )
    expect(policy16.status).toBe('done')
  })

  it('creates a partition, sets policy 22, activates it, changes its password; a declined delete keeps it', async () => {
    const cb = operator().callbacks
    const created = await session.runner.runStep(partitionCreate, { partition: 'cms01' }, cb)
    expect(created.status).toBe('done')
    expect(created.readBack?.evidence).toMatch(/partition list: cms01/)
    expect((await session.runner.run(partitionShow, { partition: 'cms01' }, cb)).facts).toMatchObject({
      name: 'cms01',
    })
    const p22 = await session.runner.runStep(
      partitionChangePolicy,
      { partition: 'cms01', code: 22, value: 1 },
      cb,
    )
    expect(p22.status).toBe('done')
    expect((await session.runner.run(partitionActivate, { partition: 'cms01' }, cb)).status).toBe('done')
    expect(
      (await session.runner.run(partitionChangePw, { partition: 'cms01', credential: 'challenge' }, cb))
        .status,
    ).toBe('done')

    const declined = await session.runner.run(
      partitionDelete,
      { partition: 'cms01' },
      operator(() => ({ proceed: false })).callbacks,
    )
    expect(declined.status).toBe('failed')
    const list = await session.runner.run(partitionList, {}, cb)
    expect(list.facts).toContainEqual(expect.objectContaining({ name: 'cms01' }))
  })

  it('registers a client by IP, assigns the partition, and deletes it only with the typed name', async () => {
    const appliance = sim.appliances[0]
    const pem = appliance?.appliance.readFile('server.pem')
    if (!appliance || !pem) throw new Error('no server.pem')
    appliance.appliance.writeFile('192.0.2.77.pem', pem)
    const cb = operator().callbacks
    const registered = await session.runner.runStep(
      clientRegister,
      { client: 'web01', address: '192.0.2.77' },
      cb,
    )
    expect(registered.status).toBe('done')
    const assigned = await session.runner.runStep(
      clientAssignPartition,
      { client: 'web01', partition: 'cms01' },
      cb,
    )
    expect(assigned.status).toBe('done')
    expect((await session.runner.run(clientShow, { client: 'web01' }, cb)).facts).toMatchObject({
      partitions: ['cms01'],
    })
    expect((await session.runner.run(myFileList, {}, cb)).facts).toMatchObject({
      files: expect.arrayContaining([expect.objectContaining({ name: '192.0.2.77.pem' })]),
    })

    const mistyped = await session.runner.run(
      clientDelete,
      { client: 'web01' },
      operator(() => ({ proceed: true, typed: 'web1' })).callbacks,
    )
    expect(mistyped.status).toBe('failed')
    expect((await session.runner.run(clientList, {}, cb)).facts).toEqual(['web01'])
    const deleted = await session.runner.runStep(clientDelete, { client: 'web01' }, cb)
    expect(deleted.status).toBe('done')
  })
})

describe('the simulator’s faults never leave a step done', () => {
  let session: Awaited<ReturnType<typeof connect>>

  beforeAll(async () => {
    session = await connect(ADMIN)
  })

  it('a command that never returns: the cap fires, Ctrl-C is sent, the result is unknown, the console still works', async () => {
    await sim.appliances[0]?.setFaults({ hangAtCommand: 'hsm show' })
    const result = await session.runner.run(hsmShow, {}, operator().callbacks, {
      timeoutMs: 5_000,
      capMs: 1_000,
    })
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/re-verify/)
    expect(session.written).toContain('\x03')
    await sim.appliances[0]?.setFaults({})
    expect((await session.runner.run(hsmShow, {}, operator().callbacks)).status).toBe('done')
  })

  it('garbage instead of the output is never done', async () => {
    await sim.appliances[0]?.setFaults({ garbleCommand: 'partition list' })
    const result = await session.runner.run(partitionList, {}, operator().callbacks, {
      timeoutMs: 2_000,
      capMs: 4_000,
    })
    expect(result.status).not.toBe('done')
    await sim.appliances[0]?.setFaults({})
    expect((await session.runner.run(partitionList, {}, operator().callbacks)).status).toBe('done')
  })

  it('output cut short with no prompt is unknown', async () => {
    await sim.appliances[0]?.setFaults({ truncateAtCommand: { command: 'hsm show', chars: 120 } })
    const result = await session.runner.run(hsmShow, {}, operator().callbacks, {
      timeoutMs: 800,
      capMs: 4_000,
    })
    expect(result.status).toBe('unknown')
    await sim.appliances[0]?.setFaults({})
  })

  it('a connection lost mid-command is unknown — re-verify, and the console refuses further commands', async () => {
    await sim.appliances[0]?.setFaults({ disconnectAtCommand: 'client list' })
    const result = await session.runner.run(clientList, {}, operator().callbacks)
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/^unknown — re-verify: the connection was lost/)
    await sim.appliances[0]?.setFaults({})
    const after = await session.runner.run(clientList, {}, operator().callbacks)
    expect(after).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^Nothing was sent: the console is closed/),
    })
  })
})

describe('commands that end the session and eras', () => {
  it('regenerates the NTLS certificate only after the typed proceed', async () => {
    const session = await connect(ADMIN)
    const op = operator()
    const result = await session.runner.run(regenCert, {}, op.callbacks)
    expect(result).toMatchObject({ status: 'done', facts: { ntlsRestartNeeded: true } })
    expect(op.asked).toEqual([expect.objectContaining({ destructive: true, mustType: 'proceed' })])
  })

  it('an interface change drops the session (unknown), and the read-back on a new session proves it', async () => {
    const session = await connect(ADMIN)
    const fields = { device: 'eth0', ip: '127.0.0.2', netmask: '255.0.0.0', gateway: '127.0.0.1' }
    const op = operator()
    const result = await session.runner.runStep(networkInterface, fields, op.callbacks)
    expect(op.asked[0]?.warning).toMatch(/restarts networking/)
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/Reconnect/)
    await vi.waitFor(() => expect(sim.appliances[0]?.ssh.host).toBe('127.0.0.2'))
    const again = await connect(ADMIN)
    const proof = await again.runner.verify(networkInterface, fields, op.callbacks)
    expect(proof).toMatchObject({
      status: 'done',
      reason: expect.stringContaining('eth0 127.0.0.2/255.0.0.0 via 127.0.0.1'),
    })
  })

  it('7.x: partition create asks only for proceed, and the 7.x partition list proves it', async () => {
    const seven = await startSimulator({ era: 7, host: '127.0.0.7', firstSerial: '700179' })
    try {
      const session = await connect(FACTORY, seven)
      const login = await session.runner.run(firstLoginPasswordChange, {}, operator().callbacks)
      expect(login.status).toBe('done')
      expect(login.facts).toMatchObject({ version: expect.stringMatching(/^7\./) })
      const cb = operator().callbacks
      expect((await session.runner.runStep(hsmInit, { label: 'seven' }, cb)).status).toBe('done')
      expect((await session.runner.runStep(hsmLogin, {}, cb)).status).toBe('done')
      const created = await session.runner.runStep(partitionCreate, { partition: 'KeylessSSL' }, cb)
      expect(created.status).toBe('done')
      expect(created.interactions.map((i) => i.kind)).toEqual(['confirm'])
      expect(created.readBack?.result.facts).toEqual([
        expect.objectContaining({ name: 'KeylessSSL', version: expect.any(String) }),
      ])
    } finally {
      await seven.stop()
    }
  })

  it('5.x: the same rows read a 5.x appliance', async () => {
    const five = await startSimulator({ era: 5, host: '127.0.0.5', firstSerial: '157826' })
    try {
      const session = await connect(FACTORY, five)
      const login = await session.runner.run(firstLoginPasswordChange, {}, operator().callbacks)
      expect(login.facts).toMatchObject({ version: expect.stringMatching(/^5\./) })
      const cb = operator().callbacks
      for (const [spec, fields] of [
        [hsmShow, {}],
        [networkShow, {}],
        [ntlsShow, {}],
        [clientList, {}],
        [partitionList, {}],
        [hsmShowPolicies, {}],
        [myFileList, {}],
      ] as const)
        expect((await session.runner.run(spec, fields, cb)).status, spec.id).toBe('done')
      expect((await session.runner.runStep(hsmInit, { label: 'five' }, cb)).status).toBe('done')
      expect((await session.runner.runStep(hsmLogin, {}, cb)).status).toBe('done')
      expect((await session.runner.runStep(partitionCreate, { partition: 'testPar1' }, cb)).status).toBe(
        'done',
      )
      expect((await session.runner.runStep(ntpAddServer, { server: '192.0.2.123' }, cb)).status).toBe('done')
    } finally {
      await five.stop()
    }
  })

  it('a PED HSM: the operator is shown the key colours, and the runner waits past its inactivity timeout', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'rackside-ped-')), 'state.json')
    let ped = await startSimulator({ era: 6, stateFile, host: '127.0.0.8', firstSerial: '534071' })
    const first = await connect(FACTORY, ped)
    expect((await first.runner.run(firstLoginPasswordChange, {}, operator().callbacks)).status).toBe('done')
    await ped.stop()
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { hsm: { authMethod: string } }
    state.hsm.authMethod = 'ped'
    writeFileSync(stateFile, JSON.stringify(state))
    ped = await startSimulator({ era: 6, stateFile, host: '127.0.0.8', firstSerial: '534071' })
    try {
      const session = await connect(ADMIN, ped)
      const op = operator()
      const init = await session.runner.runStep(hsmInit, { label: 'pedrack' }, op.callbacks)
      expect(init.status).toBe('done')
      expect(op.peds).toContain('initialize HSM')
      await ped.appliances[0]?.setFaults({ pedDelayMs: 700 })
      const notices: { colour: string }[][] = []
      const login = await session.runner.run(
        hsmLogin,
        {},
        { ...op.callbacks, ped: (n) => notices.push(n.keys) },
        { timeoutMs: 250, capMs: 10_000 },
      )
      expect(login.status).toBe('done')
      expect(notices).toEqual([[expect.objectContaining({ colour: 'blue' })]])
    } finally {
      await ped.stop()
    }
  })
})
