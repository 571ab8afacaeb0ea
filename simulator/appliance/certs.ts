import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto'
import forge from 'node-forge'
import ssh2 from 'ssh2'

const sshUtils = ssh2.utils

export interface ServerCertificate {
  certPem: string
  keyPem: string
}

/**
 * The NTLS server certificate as real appliances make it: self-signed RSA-2048, v3, serial 0, sha256WithRSA,
 * Subject = Issuer = C=CA, ST=Ontario, L=Ottawa, O=Chrysalis-ITS, CN=<hostname> (PrintableString),
 * valid from now for ten years and two days, no extensions.
 */
export function generateServerCertificate(commonName: string, now: Date): ServerCertificate {
  // node:crypto makes the key (forge's pure-JS RSA keygen is slow); forge builds the exact certificate.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())
  const keys = { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) }
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = '00'
  cert.validity.notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000)
  const notAfter = new Date(cert.validity.notBefore.getTime())
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10)
  notAfter.setUTCDate(notAfter.getUTCDate() + 2)
  cert.validity.notAfter = notAfter
  const printable = forge.asn1.Type.PRINTABLESTRING
  const attrs = [
    { shortName: 'C', value: 'CA', valueTagClass: printable },
    { shortName: 'ST', value: 'Ontario', valueTagClass: printable },
    { shortName: 'L', value: 'Ottawa', valueTagClass: printable },
    { shortName: 'O', value: 'Chrysalis-ITS', valueTagClass: printable },
    // PrintableString cannot hold every hostname (`ade_luna_sa`); 7.x appliances use UTF8String throughout.
    {
      shortName: 'CN',
      value: commonName,
      valueTagClass: /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(commonName) ? printable : forge.asn1.Type.UTF8,
    },
  ] as unknown as forge.pki.CertificateField[]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.sign(keys.privateKey, forge.md.sha256.create())
  return {
    certPem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey).replace(/\r\n/g, '\n'),
  }
}

/** MD5 over the DER, colon-separated upper-case hex, as `client fingerprint` prints it. */
export function certificateMd5Fingerprint(pem: string): string {
  const der = new X509Certificate(pem).raw
  return createHash('md5').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? ''
}

export function generateSshHostKey(): string {
  // ssh2 1.17's generator strips leading zero bytes from the public key (mscdex/ssh2#1513), so about 1 key in
  // 256 is one its own parser rejects ("Malformed OpenSSH private key") and no SSH server can start with it.
  // Tests and the bench draw their keys here too, or they fail as often.
  for (;;) {
    const key = sshUtils.generateKeyPairSync('ed25519').private
    if (!(sshUtils.parseKey(key) instanceof Error)) return key
  }
}

export interface SshFingerprints {
  bits: number
  type: string
  sha256: string
  md5: string
}

/** OpenSSH's SHA-256 fingerprint of a public key blob: `SHA256:<base64 of the digest, no padding>`. */
export function sshSha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The fingerprints OpenSSH shows for the host key: `SHA256:<base64, no padding>` and `MD5:aa:bb:...`. */
export function sshHostKeyFingerprints(privateKey: string): SshFingerprints {
  const parsed = sshUtils.parseKey(privateKey)
  if (parsed instanceof Error) throw parsed
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  const blob = key.getPublicSSH()
  const md5 = createHash('md5').update(blob).digest('hex').match(/../g)?.join(':')
  return { bits: 256, type: 'ED25519', sha256: sshSha256Fingerprint(blob), md5: `MD5:${md5 ?? ''}` }
}
