import { createHash } from 'node:crypto'

/** The OpenSSH form of a host key fingerprint: `SHA256:` and the unpadded base64 of the key's SHA-256. */
export function sha256Fingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '')
}

/** The 32 digest bytes of a fingerprint written as `SHA256:base64` or as hex (with or without colons). */
function digestOf(fingerprint: string): Buffer | undefined {
  const text = fingerprint.trim()
  const hex = text.replace(/:/g, '')
  if (/^[0-9a-f]{64}$/i.test(hex)) return Buffer.from(hex, 'hex')
  const b64 = text.replace(/^SHA256:/i, '')
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(b64)) return undefined
  const bytes = Buffer.from(b64, 'base64')
  return bytes.length === 32 ? bytes : undefined
}

/** True when both name the same SHA-256 digest; an unreadable fingerprint never matches. */
export function sameFingerprint(a: string, b: string): boolean {
  const x = digestOf(a)
  const y = digestOf(b)
  return x !== undefined && y !== undefined && x.equals(y)
}
