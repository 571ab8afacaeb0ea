/**
 * ProxyJump over real SSH: one simulator appliance serves as the bastion (direct-tcpip switched on for this
 * test; a Luna appliance does not forward), a second is the target. Every hop's host key is checked against
 * Rackside's store and a known_hosts file, and a refused key means the target never sees a login.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { openKnownHosts, type KnownHosts } from '../../electron/sessions/known-hosts'
import { checkHostKey, hostKeyDecision } from '../../electron/sessions/known-hosts-trust'
import { jumpHops } from '../../electron/sessions/ssh-jump'
import { openSshSession, type SshSessionOptions } from '../../electron/sessions/ssh-session'
import { recorder } from '../support/session-recorder'

let bastions: Simulator
let plain: Simulator
let dir: string
let knownHostsFile: string
let store: KnownHosts
/** Logins the target appliance was asked to check: none may happen when a key is refused. */
let targetLogins = 0

const bastion = () => bastions.appliances[0]!
const target = () => bastions.appliances[1]!
const verifierFor = (host: string, port: number) => (presented: string) =>
  hostKeyDecision(checkHostKey(store, host, port, presented, knownHostsFile), `${host}:${port}`, presented)

beforeAll(async () => {
  bastions = await startSimulator({ host: '127.0.0.1', count: 2, forwardTcp: true })
  plain = await startSimulator({ host: '127.0.0.1' })
  dir = mkdtempSync(join(tmpdir(), 'rackside-jump-'))
  knownHostsFile = join(dir, 'known_hosts')
  store = openKnownHosts(dir)
  const appliance = target().appliance
  const authenticate = appliance.authenticate.bind(appliance)
  appliance.authenticate = (user, password) => {
    targetLogins++
    return authenticate(user, password)
  }
}, 60_000)
afterAll(async () => {
  await bastions?.stop()
  await plain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** The bastion's key as OpenSSH keeps it (hashed), which makes it known for the hop. */
function trustBastionInKnownHosts(extra = '') {
  const { port, hostKeyFingerprint } = bastion().ssh
  store.forget('127.0.0.1', port)
  writeFileSync(knownHostsFile, extra)
  // Rackside's store knows the bastion too; the known_hosts route is covered by the revoked case below.
  store.remember('127.0.0.1', port, hostKeyFingerprint, 'accepted')
}

/** The target's public key as a known_hosts line holds it (`ssh-ed25519 AAAA…`). */
function targetPublicKey(): string {
  const parsed = ssh2.utils.parseKey(target().appliance.sshHostKey())
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key || key instanceof Error) throw new Error('The simulator has no SSH host key.')
  return `${key.type} ${key.getPublicSSH().toString('base64')}`
}

function open(rec: ReturnType<typeof recorder>, via: number, extra: Partial<SshSessionOptions> = {}) {
  const { host, port } = target().ssh
  const hops = jumpHops(`admin@127.0.0.1:${via}`, { verifierFor, configText: '' })
  // The bastion logs in with its factory password (the simulator's); an operator's bastion uses a key or agent.
  const jump = hops.map((h) => ({ ...h, password: 'PASSWORD' }))
  return openSshSession(
    {
      host,
      port,
      username: 'admin',
      verifyHostKey: verifierFor(host, port),
      jump,
      initialPassword: 'PASSWORD',
      cols: 100,
      rows: 30,
      ...extra,
    },
    rec.sink,
  ).then((s) => {
    rec.bind(s)
    return s
  })
}

describe('ProxyJump through a bastion', () => {
  it('reaches the target through the bastion, each host key checked, and logs in there', async () => {
    trustBastionInKnownHosts()
    store.remember('127.0.0.1', target().ssh.port, target().ssh.hostKeyFingerprint, 'accepted')
    const rec = recorder()
    const session = await open(rec, bastion().ssh.port)
    await rec.waitForState('connected')
    await rec.waitFor('You are required to change your password immediately')
    expect(rec.states[0]?.message).toMatch(/through 127\.0\.0\.1:\d+/)
    expect(targetLogins).toBeGreaterThan(0)
    session.close()
    await rec.waitForState('closed')
  })

  it('trusts a target key found in known_hosts and says so in the console', async () => {
    trustBastionInKnownHosts()
    store.forget('127.0.0.1', target().ssh.port)
    const { port, hostKeyFingerprint } = target().ssh
    // ssh-keyscan's line for the target, as OpenSSH writes it for a port other than 22.
    const publicKey = targetPublicKey()
    writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${publicKey}\n`)
    const rec = recorder()
    const session = await open(rec, bastion().ssh.port)
    await rec.waitForState('connected')
    await rec.waitFor(`Host key ${hostKeyFingerprint} known from ${knownHostsFile}.`)
    session.close()
    await rec.waitForState('closed')
  })

  it('refuses a target key marked @revoked in known_hosts, and the target sees no login', async () => {
    trustBastionInKnownHosts()
    const { port } = target().ssh
    store.remember('127.0.0.1', port, target().ssh.hostKeyFingerprint, 'accepted')
    const publicKey = targetPublicKey()
    writeFileSync(knownHostsFile, `@revoked * ${publicKey}\n`)
    const before = targetLogins
    const rec = recorder()
    const attempt = open(rec, bastion().ssh.port)
    await expect(attempt).rejects.toMatchObject({ code: 'host-key-mismatch' })
    await expect(attempt).rejects.toThrow(/marks @revoked: it must never be accepted.*sent nothing/)
    expect(targetLogins).toBe(before)
    expect(rec.text).toBe('')
  })

  it('stops at a target that known_hosts knows by another key, and says which file knows it', async () => {
    trustBastionInKnownHosts()
    const { port } = target().ssh
    store.forget('127.0.0.1', port)
    // Another appliance's key filed under the target's address.
    writeFileSync(
      knownHostsFile,
      `[127.0.0.1]:${port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzbPCYvC5iydUkPlRREg1xRJkW5LJfRv1U1ax26bEXs\n`,
    )
    const before = targetLogins
    const rec = recorder()
    const attempt = open(rec, bastion().ssh.port)
    await expect(attempt).rejects.toMatchObject({ code: 'host-key-mismatch' })
    await expect(attempt).rejects.toThrow(`but ${knownHostsFile} knows this appliance as SHA256:`)
    expect(targetLogins).toBe(before)
  })

  it('refuses a bastion whose host key nobody knows, and nothing reaches the target', async () => {
    writeFileSync(knownHostsFile, '')
    store.forget('127.0.0.1', bastion().ssh.port)
    const before = targetLogins
    const rec = recorder()
    const attempt = open(rec, bastion().ssh.port)
    await expect(attempt).rejects.toThrow(
      /The jump host 127\.0\.0\.1:\d+ is not known to Rackside or ~\/\.ssh\/known_hosts; its host key is SHA256:/,
    )
    expect(targetLogins).toBe(before)
  })

  it('says so when the jump host will not forward (as a Luna appliance would not)', async () => {
    store.remember(
      '127.0.0.1',
      plain.appliances[0]!.ssh.port,
      plain.appliances[0]!.ssh.hostKeyFingerprint,
      'accepted',
    )
    const before = targetLogins
    const rec = recorder()
    const attempt = open(rec, plain.appliances[0]!.ssh.port)
    await expect(attempt).rejects.toThrow(/would not forward to 127\.0\.0\.1:\d+/)
    expect(targetLogins).toBe(before)
  })
})
