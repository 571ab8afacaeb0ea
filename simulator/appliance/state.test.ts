import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'
import { describe, expect, it } from 'vitest'
import { createAppliance } from './index'
import { openSession, replay } from './testkit'
import { generateSshHostKey, sshHostKeyFingerprints } from './certs'

describe('server certificate', () => {
  it('regenCert makes a real self-signed RSA-2048 certificate for the hostname, valid ten years', async () => {
    const appliance = await createAppliance({ serial: '157541', era: 6, eth0Address: '127.0.0.1' })
    const initial = new X509Certificate(appliance.readFile('server.pem') ?? '')
    expect(initial.subject).toBe('C=CA\nST=Ontario\nL=Ottawa\nO=Chrysalis-ITS\nCN=local_host')
    const t = await openSession(appliance)
    await t.lines(
      'PASSWORD',
      'Admin123!',
      'Admin123!',
      'network hostname hsm-rack-7',
      'sysconf regenCert',
      'proceed',
    )
    const pem = appliance.readFile('server.pem')?.toString() ?? ''
    const cert = new X509Certificate(pem)
    expect(cert.subject).toBe('C=CA\nST=Ontario\nL=Ottawa\nO=Chrysalis-ITS\nCN=hsm-rack-7')
    expect(cert.issuer).toBe(cert.subject)
    // Serial 0, DER-encoded as the single byte 00.
    expect(cert.serialNumber).toBe('0')
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa')
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(cert.verify(cert.publicKey)).toBe(true)
    expect(cert.checkIssued(cert)).toBe(true)
    const from = new Date(cert.validFrom)
    const to = new Date(cert.validTo)
    expect(Math.abs(from.getTime() - Date.now())).toBeLessThan(60_000)
    const tenYearsTwoDays = new Date(from)
    tenYearsTwoDays.setUTCFullYear(from.getUTCFullYear() + 10)
    tenYearsTwoDays.setUTCDate(tenYearsTwoDays.getUTCDate() + 2)
    expect(to.getTime()).toBe(tenYearsTwoDays.getTime())
    expect(forge.pki.certificateFromPem(pem).extensions).toEqual([])
    expect(forge.pki.certificateFromPem(pem).version).toBe(2)
    expect(pem).not.toBe(initial.toString())
  })

  it('NTLS keeps serving the old certificate until the service restarts, then announces the change', async () => {
    const appliance = await createAppliance({ serial: '157541', era: 5, eth0Address: '127.0.0.1' })
    let changes = 0
    appliance.on('ntls-changed', () => changes++)
    const before = appliance.ntlsView().serverCertificatePem
    const t = await openSession(appliance)
    await t.lines('PASSWORD', 'Admin123!', 'Admin123!', 'sysconf regenCert -force')
    expect(appliance.ntlsView().serverCertificatePem).toBe(before)
    expect(changes).toBe(0)
    await t.lines('service restart ntls')
    expect(changes).toBe(1)
    const after = appliance.ntlsView()
    expect(after.serverCertificatePem).toBe(appliance.readFile('server.pem')?.toString())
    expect(after.serverKeyPem).toContain('PRIVATE KEY')
    await t.lines('service stop ntls')
    expect(appliance.ntlsView().running).toBe(false)
    expect(await replay(t, 'service status ntls')).toContain('   ntls is not running')
    expect(changes).toBe(2)
  })

  it('shows the SSH host key fingerprint as OpenSSH prints it', async () => {
    const appliance = await createAppliance({ serial: '157541', era: 7, eth0Address: '127.0.0.1' })
    const t = await openSession(appliance)
    await t.lines('PASSWORD', 'Admin123!', 'Admin123!')
    const out = await replay(t, 'sysconf fingerprint ssh')
    const fp = sshHostKeyFingerprints(appliance.sshHostKey())
    expect(fp.sha256).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(out).toContain(fp.sha256)
    expect(appliance.sshHostKey()).toContain('BEGIN OPENSSH PRIVATE KEY')
  })

  it('every host key it makes can be served (ssh2 alone spoils about 1 in 256)', () => {
    // 1,500 draws meet at least one spoiled key 99.7% of the time, so this fails if the redraw goes.
    for (let i = 0; i < 1500; i++) expect(() => sshHostKeyFingerprints(generateSshHostKey())).not.toThrow()
  })
})

describe('persistence', () => {
  it('survives a restart with a state file, keeping only password hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-appliance-'))
    const stateFile = join(dir, 'hsm.json')
    const options = { serial: '157541', era: 6 as const, eth0Address: '127.0.0.1', stateFile }
    const first = await createAppliance(options)
    const t = await openSession(first)
    await t.lines(
      'PASSWORD',
      'Keep1t$afe',
      'Keep1t$afe',
      'network hostname persisted',
      'hsm init -label keep -password sopass123 -domain dom -force',
      'hsm login -password sopass123',
      'partition create -partition kept -password partpass1 -domain dom -force',
    )
    first.writeFile('client.pem', Buffer.from('uploaded'))
    const hostKey = first.sshHostKey()
    const serverPem = first.readFile('server.pem')?.toString()
    const saved = readFileSync(stateFile, 'utf8')
    for (const secret of ['Keep1t$afe', 'sopass123', 'partpass1']) expect(saved).not.toContain(secret)
    expect(readdirSync(dir)).toEqual(['hsm.json'])

    const second = await createAppliance({ ...options, eth0Address: '127.0.0.9' })
    expect(second.hostname()).toBe('persisted')
    expect(second.sshHostKey()).toBe(hostKey)
    expect(second.readFile('server.pem')?.toString()).toBe(serverPem)
    expect(second.readFile('client.pem')?.toString()).toBe('uploaded')
    expect(second.authenticate('admin', 'Keep1t$afe')).toEqual({
      ok: true,
      role: 'admin',
      mustChangePassword: false,
    })
    const t2 = await openSession(second)
    expect(t2.text).toContain('Last login: ')
    expect(await replay(t2, 'partition list')).toContain(' kept ')
    expect(await replay(t2, 'network show')).toContain('IP Address (eth0):       127.0.0.9\n')
    // The SO session does not survive the restart.
    expect(await replay(t2, 'hsm show')).toContain('HSM Admin login status:             Not Logged In')
  })
})
