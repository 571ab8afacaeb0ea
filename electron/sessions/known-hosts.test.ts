import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openKnownHosts } from './known-hosts'

const ed25519 = 'SHA256:Tb6uFvR0lQfM1w0Xb4dJ1cQ2m4nXWmS4Yl9bqz1C3eA'
const ecdsa = 'SHA256:8hV0bA2kq3qY6ZlJvXw1nKc5rT9sD4fG7hJ2kL5mN8o'
const rsa = 'SHA256:q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1c'
const other = 'SHA256:Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6L'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-known-hosts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('keys pinned from a serial console', () => {
  it('trusts whichever of the appliance’s listed keys the SSH handshake presents, and no other', () => {
    const store = openKnownHosts(dir)
    store.remember('10.0.0.7', 22, rsa, 'serial-console', [ed25519, ecdsa])

    for (const presented of [rsa, ed25519, ecdsa])
      expect(store.check('10.0.0.7', 22, presented).status).toBe('trusted')
    expect(store.check('10.0.0.7', 22, other)).toMatchObject({
      status: 'changed',
      known: { fingerprint: rsa },
    })
    // Kept across a restart: the alternates are in the file.
    expect(openKnownHosts(dir).check('10.0.0.7', 22, ecdsa).status).toBe('trusted')
  })

  it('a key accepted in the dialog stands alone: another key of the same host is a change', () => {
    const store = openKnownHosts(dir)
    store.remember('10.0.0.7', 22, ed25519, 'accepted')
    expect(store.check('10.0.0.7', 22, ed25519).status).toBe('trusted')
    expect(store.check('10.0.0.7', 22, rsa).status).toBe('changed')
    expect(store.check('10.0.0.7', 2222, rsa).status).toBe('unknown')
  })

  it('says which file is unreadable instead of treating every host as new', () => {
    writeFileSync(join(dir, 'known-hosts.json'), '{ "hosts": [')
    expect(() => openKnownHosts(dir).check('10.0.0.7', 22, rsa)).toThrow(
      `Rackside's known-hosts file ${join(dir, 'known-hosts.json')} is unreadable`,
    )
  })
})
