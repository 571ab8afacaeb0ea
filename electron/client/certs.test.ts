import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'
import { describe, expect, it } from 'vitest'
import { certificateFingerprints, matchesReportedFingerprint } from './certs'
import { probeNtls } from './ntls-probe'
import { normalizeSshFingerprint, sshFingerprintOf } from './scp'

function selfSigned(cn: string): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const c = forge.pki.createCertificate()
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString())
  c.serialNumber = '00'
  c.validity.notBefore = new Date(Date.now() - 60_000)
  c.validity.notAfter = new Date(Date.now() + 86_400_000)
  c.setSubject([{ name: 'commonName', value: cn }])
  c.setIssuer([{ name: 'commonName', value: cn }])
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  c.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create())
  return { cert: forge.pki.certificateToPem(c), key }
}

const a = selfSigned('hsm-a')
const b = selfSigned('cms-client')

describe('certificate fingerprints', () => {
  it('are colon hex of the DER, as the appliance prints them', () => {
    const fp = certificateFingerprints(a.cert)
    expect(fp.sha256).toBe(new X509Certificate(a.cert).fingerprint256)
    expect(fp.md5).toMatch(/^([0-9A-F]{2}:){15}[0-9A-F]{2}$/)
    expect(fp.md5.replace(/:/g, '').toLowerCase()).toBe(
      createHash('md5').update(new X509Certificate(a.cert).raw).digest('hex'),
    )
  })

  it('match what the appliance reports in any of MD5, SHA-1 or SHA-256, with or without colons', () => {
    const fp = certificateFingerprints(a.cert)
    expect(matchesReportedFingerprint(a.cert, fp.md5)).toBe(true)
    expect(matchesReportedFingerprint(a.cert, fp.sha1.replace(/:/g, '').toLowerCase())).toBe(true)
    expect(matchesReportedFingerprint(a.cert, `SHA256: ${fp.sha256}`)).toBe(true)
    expect(matchesReportedFingerprint(b.cert, fp.md5)).toBe(false)
    expect(matchesReportedFingerprint(a.cert, 'not a fingerprint')).toBeUndefined()
  })
})

describe('SSH host key fingerprints', () => {
  it('accept the OpenSSH form and hex, and refuse MD5', () => {
    const blob = Buffer.from('ssh-ed25519 example key blob')
    const fp = sshFingerprintOf(blob)
    expect(normalizeSshFingerprint(fp)).toBe(fp)
    expect(normalizeSshFingerprint(`${fp}=`)).toBe(fp)
    const hex = createHash('sha256')
      .update(blob)
      .digest('hex')
      .replace(/(..)(?!$)/g, '$1:')
    expect(normalizeSshFingerprint(hex)).toBe(fp)
    expect(normalizeSshFingerprint('MD5:d9:9e:25:b3:a9:68:06:50:8f:c4:90:fc:e5:50:e2:bc')).toBeUndefined()
  })
})

describe('the NTLS probe before any network', () => {
  it('refuses a client certificate and a key that do not belong together, without connecting', async () => {
    const result = await probeNtls({
      host: '127.0.0.1',
      port: 9, // nothing is contacted
      serverCertificatePem: a.cert,
      clientCertificatePem: b.cert,
      clientKeyPem: a.key,
    })
    expect(result).toMatchObject({ ok: false, problem: 'client-certificate-invalid' })
    expect(result.ok ? '' : result.message).toMatch(/do not belong together/)
  })
})
