/**
 * `rackside status --json` against the simulator, as a script runs it: the launcher in bin/, a pinned host key,
 * the password on standard input. It prints the read-back as JSON, or exits non-zero with one line that says why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { Client, utils } from 'ssh2'
import { changeFactoryPassword } from '../support/first-login'
import { cli } from '../support/rackside-cli'
import { opensshHostKeysIn } from '../../electron/sessions/openssh-known-hosts'

const ADMIN = 'Cli-Admin-2026!'
let sim: Simulator
let ssh: { host: string; port: number; hostKeyFingerprint: string }
const empty = join(mkdtempSync(join(tmpdir(), 'rackside-cli-')), 'known_hosts')

const target = () => `ssh://admin@${ssh.host}:${ssh.port}`

beforeAll(async () => {
  writeFileSync(empty, '')
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  ssh = sim.appliances[0]!.ssh
})
afterAll(async () => sim.stop())

const oneLine = (s: string) => expect(s.trimEnd().split('\n')).toHaveLength(1)

describe('rackside status --json', () => {
  it('refuses a password on the command line before connecting', async () => {
    const r = await cli([
      'status',
      '--json',
      target(),
      '--host-key',
      ssh.hostKeyFingerprint,
      '--password',
      ADMIN,
    ])
    expect(r.code).toBe(2)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/--password is refused/)
    expect(r.stdout).toBe('')
  })

  it('an appliance still on its factory password cannot be read: one line, non-zero', async () => {
    const r = await cli(
      ['status', '--json', target(), '--host-key', ssh.hostKeyFingerprint, '--password-stdin'],
      'PASSWORD\n',
    )
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/factory password/)
    await changeFactoryPassword(ssh, ADMIN)
  })

  it('reads hsm, network, ntls, partitions, clients and time as JSON', async () => {
    const r = await cli(
      ['status', '--json', target(), `--host-key=${ssh.hostKeyFingerprint}`, '--password-stdin'],
      `${ADMIN}\n`,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['hsm', 'network', 'ntls', 'partitions', 'clients', 'time', 'procedures']),
    )
    expect(json.hsm).toMatchObject({ serial: sim.appliances[0]!.serial })
    expect(json.network).toMatchObject({ hostname: expect.any(String) })
    expect(Array.isArray(json.partitions)).toBe(true)
    expect(Array.isArray(json.clients)).toBe(true)
    expect(json.time).toMatchObject({ zone: expect.any(String) })
    expect(json.problems).toEqual([])
    expect(r.stdout).not.toContain(ADMIN)
  }, 60_000)

  it('trusts a known_hosts entry for [host]:port', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rackside-kh-')), 'known_hosts')
    // The simulator's public key, as OpenSSH would have stored it.
    const key = await new Promise<string>((resolve, reject) => {
      const c = new Client()
      c.on('error', reject).connect({
        host: ssh.host,
        port: ssh.port,
        username: 'admin',
        password: 'nope',
        hostVerifier: (k: Buffer) => {
          resolve(k.toString('base64'))
          return false
        },
      })
    })
    writeFileSync(file, `[${ssh.host}]:${ssh.port} ssh-ed25519 ${key}\n`)
    expect(opensshHostKeysIn(`[${ssh.host}]:${ssh.port} ssh-ed25519 ${key}\n`, ssh.host, ssh.port)).toEqual([
      ssh.hostKeyFingerprint,
    ])
    const r = await cli(
      ['status', '--json', target(), '--known-hosts', file, '--password-stdin'],
      `${ADMIN}\n`,
    )
    expect(r.code).toBe(0)
  }, 60_000)

  it('an unknown host key is refused: no blind trust', async () => {
    const r = await cli(
      ['status', '--json', target(), '--known-hosts', empty, '--password-stdin'],
      `${ADMIN}\n`,
    )
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/host key .* is unknown: give --host-key/)
  })

  it('a different host key is refused and nothing is sent', async () => {
    const other = `SHA256:${'A'.repeat(43)}`
    const r = await cli(['status', '--json', target(), '--host-key', other, '--password-stdin'], `${ADMIN}\n`)
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/not the one pinned/)
  })

  it('a key marked @revoked in known_hosts is refused even where another line trusts it', async () => {
    const parsed = utils.parseKey(sim.appliances[0]!.appliance.sshHostKey())
    const key = Array.isArray(parsed) ? parsed[0] : parsed
    if (!key || key instanceof Error) throw new Error('the simulator has no host key')
    const line = `${key.type} ${key.getPublicSSH().toString('base64')}`
    const file = join(mkdtempSync(join(tmpdir(), 'rackside-kh-')), 'known_hosts')
    writeFileSync(file, `@revoked * ${line}\n[${ssh.host}]:${ssh.port} ${line}\n`)
    const r = await cli(
      ['status', '--json', target(), '--known-hosts', file, '--password-stdin'],
      `${ADMIN}\n`,
    )
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(
      /marks @revoked: it must never be accepted\. Rackside did not log in and sent nothing/,
    )
  })

  it('a wrong password: one line, non-zero', async () => {
    const r = await cli(
      ['status', '--json', target(), '--host-key', ssh.hostKeyFingerprint, '--password-stdin'],
      'wrong-password\n',
    )
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/refused the password/)
  })

  it('a refused port: one line, non-zero', async () => {
    const r = await cli(
      [
        'status',
        '--json',
        'ssh://admin@127.0.0.1:1',
        '--host-key',
        ssh.hostKeyFingerprint,
        '--password-stdin',
      ],
      `${ADMIN}\n`,
    )
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/refused the connection/)
    expect(r.stdout).toBe('')
  })
})
