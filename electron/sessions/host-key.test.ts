import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sameFingerprint, sha256Fingerprint } from './host-key'

describe('host key fingerprints', () => {
  const key = Buffer.from('an ssh-ed25519 public key blob')
  const digest = createHash('sha256').update(key).digest()

  it('prints the OpenSSH form', () => {
    expect(sha256Fingerprint(key)).toBe('SHA256:' + digest.toString('base64').replace(/=+$/, ''))
  })

  it('matches the same digest written as base64 or hex, and nothing else', () => {
    const fp = sha256Fingerprint(key)
    expect(sameFingerprint(fp, 'SHA256:' + digest.toString('base64'))).toBe(true)
    expect(sameFingerprint(fp, digest.toString('hex').replace(/(..)(?!$)/g, '$1:'))).toBe(true)
    expect(sameFingerprint(fp, sha256Fingerprint(Buffer.from('another key')))).toBe(false)
    expect(sameFingerprint(fp, '')).toBe(false)
    expect(sameFingerprint('garbage', 'garbage')).toBe(false)
  })
})
