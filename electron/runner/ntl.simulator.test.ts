/**
 * The whole Network Trust Link as the HID guide does it, with the lunash rows driven by the runner and the
 * simulator's `vtl` output read by the shared/vtl parsers: addServer, createCert, register, assign, verify.
 * (shared/ cannot spawn processes, so this cross-check of the vtl parsers lives here, next to the runner.)
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type ClientChannel } from 'ssh2'
import { startSimulator, type Simulator } from '../../simulator/index'
import { streamChannel } from './channel'
import { CommandRunner, type RunCallbacks } from './runner'
import {
  clientAssignPartition,
  clientRegister,
  firstLoginPasswordChange,
  hsmInit,
  hsmLogin,
  partitionCreate,
  type SecretId,
} from '../../shared/lunash/commands'
import {
  parseVtlAddServer,
  parseVtlCreateCert,
  parseVtlHaAdminShow,
  parseVtlListServers,
  parseVtlListSlots,
  parseVtlVerify,
} from '../../shared/vtl/parse'

const run = promisify(execFile)
const secrets: Record<SecretId, string> = {
  'appliance-current-password': 'PASSWORD',
  'appliance-new-password': 'Rack-Admin-2026!',
  'hsm-so-password': 'S0-Passw0rd!',
  'hsm-domain': 'Dom-Passw0rd!',
  'partition-password': 'Par-Passw0rd!',
  'partition-new-password': 'N3w-Par-Passw0rd!',
  'partition-domain': 'PDom-Passw0rd!',
}
const callbacks: RunCallbacks = {
  confirm: async (r) => ({ proceed: true, typed: r.mustType ?? 'proceed' }),
  secret: async (r) => secrets[r.secret],
  ped: () => {},
}

let sim: Simulator
let client: Client
let runner: CommandRunner
const work = mkdtempSync(join(tmpdir(), 'rackside-ntl-'))
const vtl = async (...args: string[]): Promise<string> => {
  const { stdout } = await run(sim.vtlPath, args, { cwd: work })
  return stdout
}

beforeAll(async () => {
  sim = await startSimulator({ era: 6, host: '127.0.0.9', firstSerial: '902514' })
  const appliance = sim.appliances[0]
  if (!appliance) throw new Error('no appliance')
  client = new Client()
  await new Promise<void>((resolve, reject) =>
    client
      .on('ready', () => resolve())
      .on('error', reject)
      .connect({
        host: appliance.ssh.host,
        port: appliance.ssh.port,
        username: 'admin',
        password: 'PASSWORD',
      }),
  )
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100' }, (error, s) => (error ? reject(error) : resolve(s))),
  )
  runner = new CommandRunner(streamChannel(stream))
  expect((await runner.run(firstLoginPasswordChange, {}, callbacks)).status).toBe('done')
  expect((await runner.runStep(hsmInit, { label: 'ntl' }, callbacks)).status).toBe('done')
  expect((await runner.runStep(hsmLogin, {}, callbacks)).status).toBe('done')
  expect((await runner.runStep(partitionCreate, { partition: 'cms01' }, callbacks)).status).toBe('done')
}, 60_000)

afterAll(async () => {
  client?.end()
  await sim?.stop()
})

describe('vtl output from the simulator reads with the shared/vtl parsers', () => {
  it('links the client to the partition, step by step, and vtl verify shows it', async () => {
    const appliance = sim.appliances[0]
    const serverPem = appliance?.appliance.readFile('server.pem')
    if (!appliance || !serverPem) throw new Error('no server.pem')
    writeFileSync(join(work, 'server.pem'), serverPem)

    const added = parseVtlAddServer(await vtl('addServer', '-n', appliance.ssh.host, '-c', 'server.pem'))
    expect(added).toEqual({ ok: true, value: { server: appliance.ssh.host } })
    expect(parseVtlListServers(await vtl('listServers'))).toEqual({
      ok: true,
      value: [{ server: appliance.ssh.host, htlRequired: false }],
    })

    const cert = parseVtlCreateCert(await vtl('createCert', '-n', '127.0.0.1'))
    if (!cert.ok) throw new Error(cert.error.message)
    appliance.appliance.writeFile('127.0.0.1.pem', readFileSync(cert.value.certPath))
    expect(
      (await runner.runStep(clientRegister, { client: 'rackclient', address: '127.0.0.1' }, callbacks))
        .status,
    ).toBe('done')
    expect(
      (await runner.runStep(clientAssignPartition, { client: 'rackclient', partition: 'cms01' }, callbacks))
        .status,
    ).toBe('done')

    const verified = parseVtlVerify(await vtl('verify'))
    expect(verified).toEqual({
      ok: true,
      value: [expect.objectContaining({ label: 'cms01', serial: expect.stringMatching(/^902514/) })],
    })
    const slots = parseVtlListSlots(await vtl('listSlots'))
    expect(slots.ok && slots.value.slots.some((s) => s.label === 'cms01' && s.present)).toBe(true)
    expect(parseVtlHaAdminShow(await vtl('haAdmin', 'show'))).toEqual({
      ok: true,
      value: expect.objectContaining({ groups: [] }),
    })
    await vtl(
      'haAdmin',
      'newGroup',
      '-serialNum',
      '902514001',
      '-label',
      'cmsha',
      '-password',
      secrets['partition-password'],
    )
    const ha = await vtl('haAdmin', 'show')
    expect(parseVtlHaAdminShow(ha)).toEqual({
      ok: true,
      value: expect.objectContaining({
        groups: [expect.objectContaining({ label: 'cmsha', number: '1902514001', members: ['902514001'] })],
      }),
    })
  })
})
