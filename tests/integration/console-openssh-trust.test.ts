/**
 * The app and OpenSSH's files, through the host's contract as the renderer calls it: a key ~/.ssh/known_hosts
 * holds (even hashed) counts as known, a revoked one can never be accepted, plain entries can be imported into
 * Rackside's store, and ~/.ssh/config's Host aliases are offered for a new profile. HOME points at a temp folder.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { createHost, type Host } from '../../electron/host/host'

let sim: Simulator
let home: string
let dataDir: string
let host: Host
let scanned: string
const savedHome = process.env['HOME']
const knownHosts = () => join(home, '.ssh', 'known_hosts')

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = await host.dispatch(method, params)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as T
}

async function sshProfile(port: number): Promise<string> {
  const saved = await call<{ id: string }>('profiles.save', {
    profile: { name: 'Rack 7', kind: 'ssh', ssh: { host: '127.0.0.1', port, username: 'admin' } },
  })
  return saved.id
}

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1' })
  home = mkdtempSync(join(tmpdir(), 'rackside-home-'))
  mkdirSync(join(home, '.ssh'), { mode: 0o700 })
  process.env['HOME'] = home
  const port = sim.appliances[0]!.ssh.port
  scanned = (
    await promisify(execFile)('ssh-keyscan', ['-p', String(port), '127.0.0.1'], { encoding: 'utf8' })
  ).stdout
}, 60_000)
afterAll(async () => {
  process.env['HOME'] = savedHome
  await host?.close()
  await sim?.stop()
  rmSync(home, { recursive: true, force: true })
})
beforeEach(async () => {
  await host?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-data-'))
  host = createHost({ kind: 'web', dataDir })
})

describe('~/.ssh/known_hosts in the app', () => {
  it('counts a key from a hashed ~/.ssh/known_hosts as known, with no first-contact question', async () => {
    writeFileSync(knownHosts(), scanned)
    await promisify(execFile)('ssh-keygen', ['-H', '-f', knownHosts()])
    expect(readFileSync(knownHosts(), 'utf8')).not.toContain('127.0.0.1')
    const profileId = await sshProfile(sim.appliances[0]!.ssh.port)
    const scan = await call<{ status: string; fingerprint: string }>('hostKeys.scan', { profileId })
    expect(scan).toMatchObject({ status: 'trusted', fingerprint: sim.appliances[0]!.ssh.hostKeyFingerprint })
    // Hashed entries can be matched, not listed.
    const found = await call<{ keys: unknown[]; hashed: number }>('hostKeys.opensshList', {})
    expect(found.keys).toEqual([])
    expect(found.hashed).toBeGreaterThan(0)
  })

  it('refuses to accept a key marked @revoked, and remembers nothing', async () => {
    const line = scanned.split('\n').find((l) => l.includes('ssh-ed25519'))!
    const [, type, key] = line.split(' ')
    writeFileSync(knownHosts(), `@revoked * ${type} ${key}\n`)
    const profileId = await sshProfile(sim.appliances[0]!.ssh.port)
    const scan = await call<{ status: string }>('hostKeys.scan', { profileId })
    expect(scan.status).toBe('changed')
    const reply = await host.dispatch('hostKeys.accept', {
      profileId,
      fingerprint: sim.appliances[0]!.ssh.hostKeyFingerprint,
      remember: true,
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'host-key-mismatch' } })
    expect(!reply.ok && reply.error.message).toMatch(/marks @revoked: it must never be accepted/)
    expect(await call('hostKeys.list', {})).toEqual([])
  })

  it('imports plain entries into Rackside’s store, and only keys the file lists', async () => {
    writeFileSync(knownHosts(), scanned)
    const found = await call<{ keys: { host: string; port: number; fingerprint: string }[] }>(
      'hostKeys.opensshList',
      {},
    )
    const port = sim.appliances[0]!.ssh.port
    expect(found.keys.filter((k) => k.port === port).length).toBeGreaterThan(0)
    const forged = { host: '127.0.0.1', port, fingerprint: 'SHA256:' + 'A'.repeat(43) }
    const result = await call<{ imported: number; refused: string[] }>('hostKeys.importOpenssh', {
      keys: [
        ...found.keys.map(({ host: h, port: p, fingerprint }) => ({ host: h, port: p, fingerprint })),
        forged,
      ],
    })
    expect(result.imported).toBe(found.keys.length)
    expect(result.refused).toEqual([
      `127.0.0.1:${port} ${forged.fingerprint} is not listed in ~/.ssh/known_hosts.`,
    ])
    const list = await call<{ host: string; port: number; source: string }[]>('hostKeys.list', {})
    expect(list).toEqual([expect.objectContaining({ host: '127.0.0.1', port, source: 'openssh' })])
    // Now Rackside's own store trusts it even without the file.
    writeFileSync(knownHosts(), '')
    const profileId = await sshProfile(port)
    expect((await call<{ status: string }>('hostKeys.scan', { profileId })).status).toBe('trusted')
  })

  it('refuses an import naming a host with a leading dash, writing nothing', async () => {
    const reply = await host.dispatch('hostKeys.importOpenssh', {
      keys: [{ host: '-oProxyCommand=x', port: 22, fingerprint: 'SHA256:' + 'A'.repeat(43) }],
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect(await call('hostKeys.list', {})).toEqual([])
  })
})

describe('~/.ssh/config in the app', () => {
  it('offers the Host aliases resolved as ssh -G does', async () => {
    writeFileSync(
      join(home, '.ssh', 'config'),
      'Host rack7\n  HostName 10.20.0.7\n  User admin\n  IdentityFile ~/.ssh/id_%h\n  ProxyJump ops@jump:2222\n\nHost *\n  Port 22\n',
    )
    const r = await call<{ hosts: unknown[] }>('profiles.sshConfigHosts', {})
    expect(r.hosts).toEqual([
      {
        alias: 'rack7',
        hostName: '10.20.0.7',
        port: 22,
        user: 'admin',
        keyPath: join(home, '.ssh', 'id_10.20.0.7'),
        jumpHost: 'ops@jump:2222',
      },
    ])
  })

  it('refuses a saved jump host that could read as an option, and saves nothing', async () => {
    const reply = await host.dispatch('profiles.save', {
      profile: {
        name: 'Bad',
        kind: 'ssh',
        ssh: { host: '10.0.0.7', username: 'admin', jumpHost: '-oProxyCommand=touch /tmp/x' },
      },
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect(!reply.ok && reply.error.message).toMatch(/jump host/)
    const list = await call<{ name: string }[]>('profiles.list', {})
    expect(list.map((p) => p.name)).not.toContain('Bad')
  })
})
