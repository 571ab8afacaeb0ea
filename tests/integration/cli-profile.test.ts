/**
 * `rackside status --profile NAME` reads an appliance the way the app left it set up: the connection profile the
 * app saved, the host key Rackside remembers for it, and the admin password the app keeps in the OS keychain under
 * the profile's id (a real gnome-keyring on a private D-Bus session bus). The data folder is the app's, given here
 * with RACKSIDE_DATA_DIR.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKnownHosts } from '../../electron/sessions/known-hosts'
import { openProfileStore } from '../../electron/sessions/profiles'
import { openVault } from '../../electron/vault'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { startKeyring, startPrivateBus } from '../support/private-bus'
import { cli } from '../support/rackside-cli'
import { recordShellInput } from '../support/simulated-appliance'

const ADMIN = 'Profile-Adm1n-2026'
const root = mkdtempSync(join(tmpdir(), 'rackside-cli-profile-'))
const dataDir = join(root, 'data')
const home = join(root, 'home')
const runtime = join(root, 'run')
const children: ChildProcess[] = []
let sim: Simulator
let env: NodeJS.ProcessEnv
let profileId = ''
const received: string[] = []

beforeAll(async () => {
  for (const dir of [dataDir, home]) mkdirSync(dir, { recursive: true })
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const { ssh } = sim.appliances[0]!
  await changeFactoryPassword(ssh, ADMIN)
  recordShellInput(sim.appliances[0]!, received)
  const address = await startPrivateBus(root, runtime, children)
  env = {
    RACKSIDE_DATA_DIR: dataDir,
    DBUS_SESSION_BUS_ADDRESS: address,
    HOME: home,
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_RUNTIME_DIR: runtime,
  }
  await startKeyring(address, children, env)
  // What the app leaves behind: a saved profile, its host key accepted, its admin password in the keychain.
  profileId = openProfileStore(dataDir).save({
    kind: 'ssh',
    name: 'Rack 7 HSM',
    ssh: { host: ssh.host, port: ssh.port, username: 'admin' },
  }).id
  openProfileStore(dataDir).save({ kind: 'serial', name: 'Rack 7 console', serial: { path: '/dev/ttyUSB0' } })
  openKnownHosts(dataDir).remember(ssh.host, ssh.port, ssh.hostKeyFingerprint, 'accepted')
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    await openVault().set({ kind: 'appliance-admin', applianceId: profileId }, ADMIN)
  } finally {
    for (const key of Object.keys(env)) process.env[key] = saved[key]
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]
  }
}, 60_000)

afterAll(async () => {
  for (const c of children.reverse()) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGTERM')
  await sim?.stop()
  rmSync(root, { recursive: true, force: true })
})

describe('rackside status --profile', () => {
  it('reads the appliance of a saved profile with its remembered host key and its keychain password', async () => {
    const r = await cli(['status', '--json', '--profile', 'rack 7 hsm'], '', env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as { target: string; hsm: { serial: string }; problems: unknown[] }
    const { ssh } = sim.appliances[0]!
    expect(json.target).toBe(`ssh://admin@${ssh.host}:${ssh.port}`)
    expect(json.hsm.serial).toBe(sim.appliances[0]!.serial)
    expect(json.problems).toEqual([])
    expect(r.stdout).not.toContain(ADMIN)
  }, 60_000)

  it('--profile=ID works too', async () => {
    const r = await cli(['status', '--json', `--profile=${profileId}`, '--timeout=30'], '', env)
    expect(r.code, r.stderr).toBe(0)
  }, 60_000)

  it('an unknown profile name lists the saved ones (exit 2) and connects nowhere', async () => {
    received.length = 0
    const r = await cli(['status', '--json', '--profile', 'Rack 9'], '', env)
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('There is no saved profile "Rack 9". Saved profiles: "Rack 7 HSM" (ssh admin@')
    expect(r.stderr).toContain('"Rack 7 console" (serial /dev/ttyUSB0)')
    expect(r.stdout).toBe('')
    expect(received).toEqual([])
  })

  it('a host key other than the one Rackside remembers is refused before logging in', async () => {
    const other = mkdtempSync(join(root, 'changed-'))
    const { ssh } = sim.appliances[0]!
    const id = openProfileStore(other).save({
      kind: 'ssh',
      name: 'Rack 7 HSM',
      ssh: { host: ssh.host, port: ssh.port, username: 'admin' },
    }).id
    openKnownHosts(other).remember(ssh.host, ssh.port, `SHA256:${'B'.repeat(43)}`, 'serial-console')
    received.length = 0
    const r = await cli(['status', '--json', '--profile', id, '--password-stdin'], `${ADMIN}\n`, {
      ...env,
      RACKSIDE_DATA_DIR: other,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^rackside: STOP: .* presented host key SHA256:\S+, but Rackside's known hosts knows it as SHA256:B{43}/,
    )
    expect(r.stdout).toBe('')
    expect(received).toEqual([])
  }, 60_000)
})
