/**
 * Certificate fingerprints in the forms the appliance and the operator use: colon-separated upper-case hex
 * of the DER, SHA-256 (what Rackside shows), SHA-1, and MD5 (what `client fingerprint` prints on the appliance).
 */
import { createHash, X509Certificate } from 'node:crypto'

export interface CertificateFingerprints {
  sha256: string
  sha1: string
  md5: string
}

const colonHex = (digest: Buffer): string =>
  digest
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:')

export function certificateFingerprints(cert: X509Certificate | string | Buffer): CertificateFingerprints {
  const der = (cert instanceof X509Certificate ? cert : new X509Certificate(cert)).raw
  return {
    sha256: colonHex(createHash('sha256').update(der).digest()),
    sha1: colonHex(createHash('sha1').update(der).digest()),
    md5: colonHex(createHash('md5').update(der).digest()),
  }
}

/**
 * True when a fingerprint the appliance printed (MD5, SHA-1 or SHA-256; with or without colons, any case)
 * is this certificate's. Undefined when the text is not a fingerprint at all.
 */
export function matchesReportedFingerprint(
  cert: X509Certificate | string | Buffer,
  reported: string,
): boolean | undefined {
  const hex = reported
    .trim()
    .replace(/^(SHA256|SHA1|MD5)[:=]\s*/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase()
  if (!/^[0-9A-F]+$/.test(hex)) return undefined
  const fp = certificateFingerprints(cert)
  const plain = (s: string): string => s.replace(/:/g, '')
  if (hex.length === 64) return hex === plain(fp.sha256)
  if (hex.length === 40) return hex === plain(fp.sha1)
  if (hex.length === 32) return hex === plain(fp.md5)
  return undefined
}
