import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import tls from 'node:tls'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { removeDir, tempDir, type OpenSshClient } from './openssh'
import { lunash, provisionHsm, vtl } from './provision'

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('faults at the transport level', () => {
  let sim: Simulator
  let hsm: ApplianceHandle
  let admin: OpenSshClient
  let work: string

  beforeAll(async () => {
    work = tempDir('rackside-faults-')
    sim = await startSimulator({ era: 6 })
    hsm = sim.appliances[0]!
    admin = await provisionHsm(hsm, ['par1'])
    const serverPem = join(work, 'server.pem')
    expect((await admin.scp(admin.remote('server.pem'), serverPem)).code).toBe(0)
    expect((await vtl(sim.vtlPath, ['addServer', '-n', '127.0.0.1', '-c', serverPem])).code).toBe(0)
    expect((await vtl(sim.vtlPath, ['createCert', '-n', '127.0.0.1'])).code).toBe(0)
    expect(
      (await admin.scp(join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem'), admin.remote(''))).code,
    ).toBe(0)
    await lunash(admin, 'client register -client cms01 -ip 127.0.0.1')
    await lunash(admin, 'client assignPartition -client cms01 -partition par1')
  }, 90_000)

  afterAll(async () => {
    await sim?.stop()
    admin?.dispose()
    removeDir(work)
    removeDir(sim.clientRoot)
  })

  it('drops the SSH connection after N bytes of output', async () => {
    await hsm.setFaults({ disconnectAfterBytes: 200 })
    try {
      const result = await admin.exec('hsm show')
      expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(200)
      expect(result.stdout).not.toContain('Command Result')
      expect(result.code).not.toBe(0)
    } finally {
      await hsm.setFaults({})
    }
    expect((await admin.exec('hsm show')).stdout).toContain('Command Result : 0 (Success)')
  })

  it('delays every output line by the latency plus jitter', async () => {
    const started = Date.now()
    const quick = await admin.exec('hsm show')
    const baseline = Date.now() - started
    const lines = quick.stdout.split('\n').length
    await hsm.setFaults({ latencyMs: 20, jitterMs: 5 })
    try {
      const slowStart = Date.now()
      const slow = await admin.exec('hsm show')
      const elapsed = Date.now() - slowStart
      expect(slow.stdout).toBe(quick.stdout)
      expect(elapsed).toBeGreaterThanOrEqual(baseline + (lines - 1) * 20 * 0.8)
    } finally {
      await hsm.setFaults({})
    }
  })

  it('closes the NTLS port while ntlsDown is set, and vtl verify says it finds nothing', async () => {
    expect(await portOpen(hsm.ntls.host, hsm.ntls.port)).toBe(true)
    await hsm.setFaults({ ntlsDown: true })
    try {
      expect(await portOpen(hsm.ntls.host, hsm.ntls.port)).toBe(false)
      const down = await vtl(sim.vtlPath, ['verify'])
      expect(down.code).not.toBe(0)
      expect(down.stdout).toContain(
        'Error: Unable to find any Luna SA slots/partitions among registered server',
      )
    } finally {
      await hsm.setFaults({})
    }
    expect(await portOpen(hsm.ntls.host, hsm.ntls.port)).toBe(true)
    expect((await vtl(sim.vtlPath, ['verify'])).stdout).toContain('par1')
  })

  it('closes the port while NTLS is stopped and drops open links when it restarts', async () => {
    const link = tls.connect({
      host: hsm.ntls.host,
      port: hsm.ntls.port,
      ca: readFileSync(join(work, 'server.pem')),
      cert: readFileSync(join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem')),
      key: readFileSync(join(sim.clientRoot, 'cert', 'client', '127.0.0.1Key.pem')),
      checkServerIdentity: () => undefined,
    })
    link.setEncoding('utf8')
    const pong = await new Promise<string>((resolve, reject) => {
      link.once('data', resolve)
      link.once('error', reject)
      link.write('PING\n')
    })
    expect(pong).toBe('PONG\n')
    const closed = new Promise<void>((resolve) => link.once('close', () => resolve()))
    await lunash(admin, 'service restart ntls')
    await closed
    await lunash(admin, 'service stop ntls')
    expect(await portOpen(hsm.ntls.host, hsm.ntls.port)).toBe(false)
    await lunash(admin, 'service start ntls')
    expect(await portOpen(hsm.ntls.host, hsm.ntls.port)).toBe(true)
  })
})
