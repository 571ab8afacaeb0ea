import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { removeDir, tempDir, type OpenSshClient } from './openssh'
import { lunash, provisionHsm, vtl } from './provision'

describe('vtl against two simulated appliances (HA pair)', () => {
  let sim: Simulator
  let first: ApplianceHandle
  let second: ApplianceHandle
  let admins: OpenSshClient[] = []
  let work: string
  const conf = () => readFileSync(join(sim.clientRoot, 'Chrystoki.conf'), 'utf8')
  const serverPem = (n: number) => join(work, `server${n}.pem`)

  beforeAll(async () => {
    work = tempDir('rackside-vtl-')
    sim = await startSimulator({ era: 6, count: 2 })
    ;[first, second] = sim.appliances as [ApplianceHandle, ApplianceHandle]
    admins = [await provisionHsm(first, ['parA']), await provisionHsm(second, ['parB'])]
    for (const [n, admin] of admins.entries()) {
      expect((await admin.scp(admin.remote('server.pem'), serverPem(n + 1))).code).toBe(0)
    }
  }, 120_000)

  afterAll(async () => {
    await sim?.stop()
    for (const admin of admins) admin.dispose()
    removeDir(work)
    removeDir(sim.clientRoot)
  })

  it('starts two appliances with distinct serials, hostnames and ports', () => {
    expect(first.serial).not.toBe(second.serial)
    expect(first.hostname()).not.toBe(second.hostname())
    expect(first.ssh.port).not.toBe(second.ssh.port)
    expect(first.ntls.port).not.toBe(second.ntls.port)
  })

  it('lists no servers on a fresh client folder', async () => {
    const result = await vtl(sim.vtlPath, ['listServers'])
    expect(result.stdout).toBe('There are no servers registered.\n')
  })

  it('adds servers with the reference message, writes Chrystoki.conf, the server certificates and CAFile.pem', async () => {
    const added = await vtl(sim.vtlPath, ['addServer', '-n', '127.0.0.1', '-c', serverPem(1)])
    expect(added.code).toBe(0)
    expect(added.stdout).toBe('\nNew server 127.0.0.1 successfully added to server list.\n')
    // The second appliance by its hostname: vtl finds the simulator's address and port from its certificate.
    const byName = await vtl(sim.vtlPath, ['addServer', '-n', second.hostname(), '-c', serverPem(2)])
    expect(byName.stdout).toBe(`\nNew server ${second.hostname()} successfully added to server list.\n`)
    const text = conf()
    expect(text).toContain('   ServerName00 = 127.0.0.1;\n')
    expect(text).toContain(`   ServerPort00 = ${first.ntls.port};\n`)
    expect(text).toContain('   ServerHtl00 = 0;\n')
    expect(text).toContain(`   ServerName01 = ${second.hostname()};\n`)
    expect(text).toContain(`   ServerPort01 = ${second.ntls.port};\n`)
    const ca = readFileSync(join(sim.clientRoot, 'cert', 'server', 'CAFile.pem'), 'utf8')
    expect(ca).toContain(readFileSync(serverPem(1), 'utf8').trim())
    expect(ca).toContain(readFileSync(serverPem(2), 'utf8').trim())
    expect(readFileSync(join(sim.clientRoot, 'cert', 'server', '127.0.0.1Cert.pem'), 'utf8')).toBe(
      readFileSync(serverPem(1), 'utf8'),
    )
    const list = await vtl(sim.vtlPath, ['listServers'])
    expect(list.stdout).toBe(
      `Server: 127.0.0.1  HTL required: no\nServer: ${second.hostname()}  HTL required: no\n`,
    )
  })

  it('refuses a server that is already registered', async () => {
    const result = await vtl(sim.vtlPath, ['addServer', '-n', '127.0.0.1', '-c', serverPem(1)])
    expect(result.code).not.toBe(0)
    expect(result.stdout).toContain('This server is already registered')
  })

  it('deleteServer blanks the entries and the next addServer reuses the first free index', async () => {
    expect((await vtl(sim.vtlPath, ['deleteServer', '-n', '127.0.0.1'])).code).toBe(0)
    expect(conf()).toContain('   ServerName00 = ;\n')
    expect(conf()).toContain(`   ServerName01 = ${second.hostname()};\n`)
    expect(readFileSync(join(sim.clientRoot, 'cert', 'server', 'CAFile.pem'), 'utf8')).not.toContain(
      readFileSync(serverPem(1), 'utf8').trim(),
    )
    expect((await vtl(sim.vtlPath, ['addServer', '-n', '127.0.0.1', '-c', serverPem(1)])).code).toBe(0)
    expect(conf()).toContain('   ServerName00 = 127.0.0.1;\n')
  })

  it('createCert writes a real RSA-2048 key and certificate with CN = the name', async () => {
    const result = await vtl(sim.vtlPath, ['createCert', '-n', '127.0.0.1'])
    const keyPath = join(sim.clientRoot, 'cert', 'client', '127.0.0.1Key.pem')
    const certPath = join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem')
    expect(result.stdout).toBe(
      `Private Key created and written to: ${keyPath}\nCertificate created and written to: ${certPath}\n`,
    )
    const cert = new X509Certificate(readFileSync(certPath))
    expect(cert.subject).toContain('CN=127.0.0.1')
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(readFileSync(keyPath, 'utf8')).toContain('BEGIN RSA PRIVATE KEY')
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)))).toBe(true)
    expect(conf()).toContain(`   ClientCertFile = ${certPath};\n`)
    expect(conf()).toContain(`   ClientPrivKeyFile = ${keyPath};\n`)
  })

  it('verify fails with the reference error while the client is not registered', async () => {
    const result = await vtl(sim.vtlPath, ['verify'])
    expect(result.code).not.toBe(0)
    expect(result.stdout).toBe('Error: Unable to find any Luna SA slots/partitions among registered server\n')
  })

  it('verify lists the assigned partitions of both appliances with the TAB layout', async () => {
    const certPath = join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem')
    for (const [n, admin] of admins.entries()) {
      expect((await admin.scp(certPath, admin.remote(''))).code).toBe(0)
      await lunash(admin, 'client register -client cms01 -ip 127.0.0.1')
      await lunash(admin, `client assignPartition -client cms01 -partition ${n === 0 ? 'parA' : 'parB'}`)
    }
    const serialA = first.appliance.ntlsView().clients[0]!.partitions[0]!.serial
    const serialB = second.appliance.ntlsView().clients[0]!.partitions[0]!.serial
    const result = await vtl(sim.vtlPath, ['ver'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      '\nThe following Luna SA Slots/Partitions were found:\n\n' +
        'Slot\tSerial #        \tLabel\n' +
        '====\t================\t=====\n' +
        `   0\t${serialA.padStart(16)} \tparA\n` +
        `   1\t${serialB.padStart(16)} \tparB\n`,
    )
  })

  it('haAdmin builds a group across both appliances, shows it, hides physical slots with HAOnly, and removes it', async () => {
    const serialA = first.appliance.ntlsView().clients[0]!.partitions[0]!.serial
    const serialB = second.appliance.ntlsView().clients[0]!.partitions[0]!.serial
    const created = await vtl(sim.vtlPath, [
      'haAdmin',
      'newGroup',
      '-serialNum',
      serialA,
      '-label',
      'cmsHA',
      '-p',
      'Part-Passw0rd1',
    ])
    expect(created.code, created.stdout).toBe(0)
    expect(created.stdout).toContain(`1${serialA}`)
    expect(
      (
        await vtl(sim.vtlPath, [
          'haAdmin',
          'addMember',
          '-group',
          `1${serialA}`,
          '-serialNum',
          serialB,
          '-p',
          'x',
        ])
      ).code,
    ).toBe(0)
    const show = await vtl(sim.vtlPath, ['haAdmin', '-show'])
    expect(show.stdout).toContain('================ HA Global Configuration Settings ===============')
    expect(show.stdout).toContain('HA Group Label: cmsHA')
    expect(show.stdout).toContain(`HA Group Number: 1${serialA}`)
    expect(show.stdout).toContain(`${serialB} parB alive`)
    expect(conf()).toContain(`   VirtualToken00Members = ${serialA},${serialB};\n`)
    const slots = await vtl(sim.vtlPath, ['listSlots'])
    expect(slots.stdout).toMatch(/^Number of slots: 3\n/)
    expect(slots.stdout).toMatch(/HA Virtual Card Slot\s+cmsHA\s+1\d+\s+Present/)
    expect((await vtl(sim.vtlPath, ['haAdmin', 'HAOnly', '-enable'])).code).toBe(0)
    const haOnly = await vtl(sim.vtlPath, ['listSlots'])
    expect(haOnly.stdout).toMatch(/^Number of slots: 1\n/)
    expect(haOnly.stdout).not.toContain('LunaNet Slot')
    expect((await vtl(sim.vtlPath, ['haAdmin', 'synchronize', '-group', `1${serialA}`])).code).toBe(0)
    expect(
      (await vtl(sim.vtlPath, ['haAdmin', 'removeMember', '-group', `1${serialA}`, '-serialNum', serialB]))
        .code,
    ).toBe(0)
    expect((await vtl(sim.vtlPath, ['haAdmin', 'deleteGroup', '-group', 'cmsHA'])).code).toBe(0)
    expect(conf()).not.toContain('VirtualToken00Label')
  })

  it('prints its usage for an unknown command and fails', async () => {
    const result = await vtl(sim.vtlPath, ['frobnicate'])
    expect(result.code).not.toBe(0)
    expect(result.stdout).toContain('Usage: vtl')
  })
})
