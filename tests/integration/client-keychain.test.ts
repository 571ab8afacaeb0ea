/**
 * The vault against a real gnome-keyring on a private D-Bus session bus that this test starts itself
 * (CI has no session bus), and the clear error when the bus has no Secret Service.
 * libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so the address is set before the first keychain call,
 * and the "no session bus at all" case lives in its own file (client-keychain-nobus.test.ts).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Entry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretsOnBus, startKeyring, startPrivateBus } from '../support/private-bus'
import { KeychainUnavailableError, knownSecrets, openVault, redact } from '../../electron/vault'

const root = mkdtempSync(join(tmpdir(), 'rackside-keychain-'))
const home = join(root, 'home')
const runtime = join(root, 'run')
const saved = {
  DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
  HOME: process.env.HOME,
  XDG_DATA_HOME: process.env.XDG_DATA_HOME,
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
}
const children: ChildProcess[] = []
const service = `rackside-test-${process.pid}`

/** Every file under a folder, for "nothing was written" checks. */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...filesUnder(p))
    else out.push(p)
  }
  return out
}

let address = ''

beforeAll(async () => {
  mkdirSync(home, { recursive: true })
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  process.env.HOME = home
  process.env.XDG_DATA_HOME = join(home, '.local/share')
  process.env.XDG_RUNTIME_DIR = runtime
  address = await startPrivateBus(root, runtime, children)
  process.env.DBUS_SESSION_BUS_ADDRESS = address
})

afterAll(() => {
  for (const c of children.reverse()) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGTERM')
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  rmSync(root, { recursive: true, force: true })
})

describe('the vault without a Secret Service', () => {
  it('refuses the same way on a session bus where no Secret Service runs', async () => {
    expect(secretsOnBus(address)).toBe(false)
    const vault = openVault({ service, platform: 'linux' })
    const account = { kind: 'appliance-admin', applianceId: 'hsm-a' } as const
    await expect(vault.set(account, 'no-service-secret-2')).rejects.toBeInstanceOf(KeychainUnavailableError)
    await expect(vault.get(account)).rejects.toBeInstanceOf(KeychainUnavailableError)
    expect(
      new Entry(service, 'appliance:hsm-a/admin', { linux: { store: 'keyutils' } }).getPassword(),
    ).toBeNull()
    expect(filesUnder(home)).toEqual([])
  })
})

describe('the vault with gnome-keyring', () => {
  it('stores, reads back, registers for redaction and deletes per appliance and partition', async () => {
    await startKeyring(address, children)
    const vault = openVault({ service, platform: 'linux' })
    const admin = { kind: 'appliance-admin', applianceId: 'hsm-a' } as const
    const partA = { kind: 'partition', applianceId: 'hsm-a', partition: 'cms_par1' } as const
    const partB = { kind: 'partition', applianceId: 'hsm-b', partition: 'cms_par1' } as const

    await vault.set(admin, 'Adm1n-pass!')
    await vault.set(partA, 'pTYF-45xG-pXbE-AHs4')
    await vault.set(partB, 'other-appliance-pw')

    expect(await vault.get(admin)).toBe('Adm1n-pass!')
    expect(await vault.get(partA)).toBe('pTYF-45xG-pXbE-AHs4')
    expect(await vault.get(partB)).toBe('other-appliance-pw')
    expect(await vault.get({ kind: 'client', clientId: 'nobody' })).toBeUndefined()
    expect(await vault.has(admin)).toBe(true)
    expect(await vault.has({ kind: 'client', clientId: 'nobody' })).toBe(false)

    // Stored under service "rackside"-style service name, one account per appliance and partition.
    expect(
      new Entry(service, 'appliance:hsm-a/partition:cms_par1', {
        linux: { store: 'secret-service' },
      }).getPassword(),
    ).toBe('pTYF-45xG-pXbE-AHs4')

    expect(knownSecrets()).toEqual(expect.arrayContaining(['Adm1n-pass!', 'pTYF-45xG-pXbE-AHs4']))
    expect(redact('> pTYF-45xG-pXbE-AHs4\r\nok Adm1n-pass!')).toBe('> [redacted]\r\nok [redacted]')

    await vault.set(partA, 'changed-pw-2')
    expect(await vault.get(partA)).toBe('changed-pw-2')

    expect(await vault.delete(partA)).toBe(true)
    expect(await vault.delete(partA)).toBe(false)
    expect(await vault.get(partA)).toBeUndefined()
    expect(await vault.get(partB)).toBe('other-appliance-pw')
    await vault.delete(admin)
    await vault.delete(partB)
  })
})
