import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { makeClientCertificate } from '../vtl/create-cert'
import { removeDir, run, tempDir, type OpenSshClient } from './openssh'
import { lunash, provisionHsm, vtl } from './provision'

/** `openssl s_client` through the NTLS port, asking for the partition list with the simulator's line protocol. */
function sClient(handle: ApplianceHandle, files: { cert: string; key: string; ca: string }) {
  return run(
    'openssl',
    [
      's_client',
      '-connect',
      `${handle.ntls.host}:${handle.ntls.port}`,
      '-cert',
      files.cert,
      '-key',
      files.key,
      '-CAfile',
      files.ca,
      '-verify_return_error',
      '-quiet',
      '-ign_eof',
    ],
    { input: 'LIST\nQUIT\n', timeoutMs: 15_000 },
  )
}

describe('NTLS: mutual TLS with registered client certificates', () => {
  let sim: Simulator
  let handle: ApplianceHandle
  let admin: OpenSshClient
  let work: string
  let registered: { cert: string; key: string; ca: string }

  beforeAll(async () => {
    sim = await startSimulator({ era: 6 })
    handle = sim.appliances[0]!
    work = tempDir('rackside-ntls-')
    admin = await provisionHsm(handle, ['par1', 'par2'])
    const ca = join(work, 'server.pem')
    expect((await admin.scp(admin.remote('server.pem'), ca)).code).toBe(0)
    expect((await vtl(sim.vtlPath, ['createCert', '-n', '127.0.0.1'])).code).toBe(0)
    const cert = join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem')
    expect((await admin.scp(cert, admin.remote(''))).code).toBe(0)
    await lunash(admin, 'client register -client cms01 -ip 127.0.0.1')
    await lunash(admin, 'client assignPartition -client cms01 -partition par1')
    registered = { cert, key: join(sim.clientRoot, 'cert', 'client', '127.0.0.1Key.pem'), ca }
  }, 90_000)

  afterAll(async () => {
    await sim?.stop()
    admin?.dispose()
    removeDir(work)
    removeDir(sim.clientRoot)
  })

  it('lets openssl s_client through with the registered certificate and lists only the assigned partitions', async () => {
    const result = await sClient(handle, registered)
    const reply = JSON.parse(result.stdout.trim().split('\n')[0] ?? '') as {
      client: string
      partitions: { name: string }[]
    }
    expect(reply.client).toBe('cms01')
    expect(reply.partitions.map((partition) => partition.name)).toEqual(['par1'])
  })

  it('turns away a certificate that is not registered, even with the same CN', async () => {
    const stranger = makeClientCertificate('127.0.0.1', {})
    const cert = join(work, 'stranger.pem')
    const key = join(work, 'strangerKey.pem')
    writeFileSync(cert, stranger.certPem)
    writeFileSync(key, stranger.keyPem)
    const result = await sClient(handle, { cert, key, ca: registered.ca })
    expect(result.stdout).not.toContain('"partitions"')
    // With TLS 1.3 the refusal reaches openssl either as an alert or, when the reset wins the race, as
    // `read:errno=104` (ECONNRESET); both mean the appliance hung up on the stranger.
    expect(result.stderr).toMatch(/alert|error|errno=104/i)
  })

  it('turns away a client that presents no certificate', async () => {
    const result = await run(
      'openssl',
      [
        's_client',
        '-connect',
        `${handle.ntls.host}:${handle.ntls.port}`,
        '-CAfile',
        registered.ca,
        '-quiet',
        '-ign_eof',
      ],
      { input: 'LIST\nQUIT\n', timeoutMs: 15_000 },
    )
    expect(result.stdout).not.toContain('"partitions"')
  })

  it('rejects a server it does not trust on the client side (wrong server.pem)', async () => {
    const other = makeClientCertificate('not-the-appliance', {})
    const ca = join(work, 'other-ca.pem')
    writeFileSync(ca, other.certPem)
    const result = await sClient(handle, { ...registered, ca })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('verify error')
  })

  it('checks the source address unless ipcheck is disabled', async () => {
    // A client registered for 10.9.8.7 that connects from 127.0.0.1, as behind NAT.
    const far = makeClientCertificate('far', {})
    const cert = join(work, 'far.pem')
    const key = join(work, 'farKey.pem')
    writeFileSync(cert, far.certPem)
    writeFileSync(key, far.keyPem)
    expect((await admin.scp(cert, admin.remote(''))).code).toBe(0)
    await lunash(admin, 'client register -client far -ip 10.9.8.7')
    await lunash(admin, 'client assignPartition -client far -partition par2')
    const refused = await sClient(handle, { cert, key, ca: registered.ca })
    expect(refused.stdout).not.toContain('"partitions"')
    await lunash(admin, 'ntls ipcheck disable')
    const admitted = await sClient(handle, { cert, key, ca: registered.ca })
    expect(admitted.stdout).toContain('"par2"')
    await lunash(admin, 'ntls ipcheck enable')
  })
})
