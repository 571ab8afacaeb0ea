import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import {
  importableHostKeys,
  opensshFactsIn,
  opensshHostKeysIn,
  parseOpensshKnownHosts,
  patternsMatch,
} from './openssh-known-hosts'

// Two real public keys (ssh-keygen -t ed25519) and their fingerprints as `ssh-keygen -lf` prints them.
const keyA = 'AAAAC3NzaC1lZDI1NTE5AAAAIJzbPCYvC5iydUkPlRREg1xRJkW5LJfRv1U1ax26bEXs'
const keyB = 'AAAAC3NzaC1lZDI1NTE5AAAAIKty5D47wUeHLmvqYtNBaWwMn1wweso9orfCdkVrIJnV'
const fp = (key: string) =>
  execFileSync('ssh-keygen', ['-lf', '-'], { input: `x ssh-ed25519 ${key}\n`, encoding: 'utf8' }).split(
    ' ',
  )[1]!

describe('known_hosts shapes OpenSSH writes', () => {
  it('matches plain names, [host]:port for other ports, and is case-insensitive', () => {
    const text = `# comment\n\nrack7.example.net,10.0.0.7 ssh-ed25519 ${keyA}\n[10.0.0.8]:2222 ssh-ed25519 ${keyB} lab\n`
    expect(opensshHostKeysIn(text, 'RACK7.example.net', 22)).toEqual([fp(keyA)])
    expect(opensshHostKeysIn(text, '10.0.0.7', 22)).toEqual([fp(keyA)])
    expect(opensshHostKeysIn(text, '10.0.0.7', 2222)).toEqual([])
    expect(opensshHostKeysIn(text, '10.0.0.8', 2222)).toEqual([fp(keyB)])
    expect(opensshHostKeysIn(text, '10.0.0.8', 22)).toEqual([])
  })

  it('follows wildcards and lets a negated pattern rule the line out', () => {
    expect(patternsMatch(['*.mgmt.example.net', '!jump.mgmt.example.net'], 'hsm1.mgmt.example.net')).toBe(
      true,
    )
    expect(patternsMatch(['*.mgmt.example.net', '!jump.mgmt.example.net'], 'jump.mgmt.example.net')).toBe(
      false,
    )
    expect(patternsMatch(['10.0.0.?'], '10.0.0.9')).toBe(true)
    expect(patternsMatch(['10.0.0.?'], '10.0.0.10')).toBe(false)
    expect(patternsMatch(['[10.0.0.*]:2222'], '[10.0.0.5]:2222')).toBe(true)
    expect(patternsMatch(['!10.0.0.5'], '10.0.0.5')).toBe(false)
    // A line of only negations names nobody (OpenSSH needs a positive match).
    expect(patternsMatch(['!10.0.0.5'], '10.0.0.6')).toBe(false)
  })

  it('reads @revoked as a revocation and @cert-authority as something it ignores, never as trust', () => {
    const text = [
      `@revoked * ssh-ed25519 ${keyA}`,
      `@cert-authority *.example.net ssh-ed25519 ${keyB}`,
      `rack7.example.net ssh-ed25519 ${keyA}`,
    ].join('\n')
    const facts = opensshFactsIn(text, 'rack7.example.net', 22)
    expect(facts.revoked).toEqual([fp(keyA)])
    expect(facts.certAuthorities).toBe(1)
    expect(facts.keys).toEqual([fp(keyA)])
  })

  it('skips malformed lines and unknown markers instead of guessing', () => {
    const text = `@weird host ssh-ed25519 ${keyA}\nhost-only\nhost ssh-ed25519 not*base64\nhost ssh-ed25519 ${keyB}\n`
    expect(parseOpensshKnownHosts(text).map((l) => l.line)).toEqual([4])
  })
})

describe('against the simulator, with ssh-keyscan and ssh-keygen -H', () => {
  let sim: Simulator
  let dir: string
  let plain: string
  let port: number
  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1' })
    port = sim.appliances[0]!.ssh.port
    dir = mkdtempSync(join(tmpdir(), 'rackside-openssh-kh-'))
    // Asynchronously: the simulator answers from this process's event loop.
    const scanned = await promisify(execFile)('ssh-keyscan', ['-p', String(port), '127.0.0.1'], {
      encoding: 'utf8',
    })
    plain = scanned.stdout
  }, 60_000)
  afterAll(async () => {
    await sim?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('finds the appliance key ssh-keyscan wrote under [127.0.0.1]:port', () => {
    expect(plain).toContain(`[127.0.0.1]:${port} `)
    expect(opensshHostKeysIn(plain, '127.0.0.1', port)).toContain(sim.appliances[0]!.ssh.hostKeyFingerprint)
    expect(opensshHostKeysIn(plain, '127.0.0.2', port)).toEqual([])
  })

  it('matches the same entries once hashed by ssh-keygen -H, and cannot list them for import', () => {
    const file = join(dir, 'known_hosts')
    writeFileSync(file, plain)
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    const hashed = readFileSync(file, 'utf8')
    expect(hashed).toMatch(/^\|1\|/m)
    expect(hashed).not.toContain('127.0.0.1')
    expect(opensshHostKeysIn(hashed, '127.0.0.1', port)).toContain(sim.appliances[0]!.ssh.hostKeyFingerprint)
    expect(opensshHostKeysIn(hashed, '127.0.0.1', port + 1)).toEqual([])
    const found = importableHostKeys(hashed)
    expect(found.keys).toEqual([])
    expect(found.hashed).toBeGreaterThan(0)
  })

  it('lists plain entries for import with host, port and fingerprint, and never a revoked key', () => {
    const listed = importableHostKeys(plain)
    expect(listed.keys.map((k) => [k.host, k.port])).toContainEqual(['127.0.0.1', port])
    expect(listed.keys.map((k) => k.fingerprint)).toContain(sim.appliances[0]!.ssh.hostKeyFingerprint)
    const keyLine = plain.split('\n').find((l) => l.includes('ssh-ed25519'))!
    const revoked = `@revoked * ${keyLine.split(' ').slice(1).join(' ')}\n${plain}`
    const after = importableHostKeys(revoked)
    expect(after.keys.map((k) => k.keyType)).not.toContain('ssh-ed25519')
    expect(after.revoked).toBe(1)
  })
})
