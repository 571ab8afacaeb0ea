/**
 * `rackside status --profile NAME` for a profile that reaches its appliance through a bastion (ProxyJump): the
 * bastion named by a Host alias of ~/.ssh/config (its HostName, Port, User and IdentityFile), its host key known
 * from ~/.ssh/known_hosts, the appliance's from Rackside's store: the one trust store of app and CLI. One
 * simulator appliance is the bastion (direct-tcpip on, key login for admin), the other the target.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKnownHosts } from '../../electron/sessions/known-hosts'
import { openProfileStore } from '../../electron/sessions/profiles'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { cli } from '../support/rackside-cli'

const run = promisify(execFile)
const ADMIN = 'Jump-Adm1n-2026'
const root = mkdtempSync(join(tmpdir(), 'rackside-cli-jump-'))
const dataDir = join(root, 'data')
const home = join(root, 'home')
let sim: Simulator
let env: NodeJS.ProcessEnv
let bastionKeyLogins = 0
let targetLogins = 0

beforeAll(async () => {
  mkdirSync(dataDir, { recursive: true })
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 })
  sim = await startSimulator({ host: '127.0.0.1', count: 2, forwardTcp: true })
  const [bastion, target] = [sim.appliances[0]!, sim.appliances[1]!]
  await changeFactoryPassword(target.ssh, ADMIN)
  const authenticate = target.appliance.authenticate.bind(target.appliance)
  target.appliance.authenticate = (user, password) => {
    targetLogins++
    return authenticate(user, password)
  }

  // The operator's key for the bastion; the bastion accepts it (as `sysconf ssh publickey add` would).
  const keyFile = join(home, '.ssh', 'id_bastion')
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile])
  const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim()
  bastion.appliance.sshPublicKeys = () => {
    bastionKeyLogins++
    return { enabled: true, keys: [publicKey] }
  }
  writeFileSync(
    join(home, '.ssh', 'config'),
    `Host bastion\n  HostName 127.0.0.1\n  Port ${bastion.ssh.port}\n  User admin\n  IdentityFile ~/.ssh/id_bastion\n`,
  )
  const scanned = await run('ssh-keyscan', ['-p', String(bastion.ssh.port), '127.0.0.1'], {
    encoding: 'utf8',
  })
  writeFileSync(join(home, '.ssh', 'known_hosts'), scanned.stdout)

  openProfileStore(dataDir).save({
    kind: 'ssh',
    name: 'Rack 9 behind the bastion',
    ssh: { host: '127.0.0.1', port: target.ssh.port, username: 'admin', jumpHost: 'bastion' },
  })
  openKnownHosts(dataDir).remember('127.0.0.1', target.ssh.port, target.ssh.hostKeyFingerprint, 'accepted')
  env = { RACKSIDE_DATA_DIR: dataDir, HOME: home, SSH_AUTH_SOCK: '' }
}, 60_000)

afterAll(async () => {
  await sim?.stop()
  rmSync(root, { recursive: true, force: true })
})

describe('rackside status through a bastion', () => {
  it('reads the appliance behind the bastion, each host key from the shared trust store', async () => {
    const r = await cli(
      ['status', '--json', '--profile', 'Rack 9 behind the bastion', '--password-stdin'],
      `${ADMIN}\n`,
      env,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as { hsm: { serial: string } }
    expect(json.hsm.serial).toBe(sim.appliances[1]!.serial)
    expect(bastionKeyLogins).toBeGreaterThan(0)
    expect(targetLogins).toBeGreaterThan(0)
  }, 60_000)

  it('refuses a bastion whose key nobody knows, and never logs in to the appliance', async () => {
    writeFileSync(join(home, '.ssh', 'known_hosts'), '')
    const before = targetLogins
    const r = await cli(
      ['status', '--json', '--profile', 'Rack 9 behind the bastion', '--password-stdin'],
      `${ADMIN}\n`,
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /The jump host 127\.0\.0\.1:\d+ is not known to Rackside or ~\/\.ssh\/known_hosts/,
    )
    expect(r.stdout).toBe('')
    expect(targetLogins).toBe(before)
  }, 60_000)
})
