/**
 * With no D-Bus session at all (CI, a bare SSH login), the vault refuses with the clear Linux message and
 * writes nothing: not to the kernel keyring (the library's own fallback), not to a file.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Entry } from '@napi-rs/keyring'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { KeychainUnavailableError, openVault } from '../../electron/vault'

const home = mkdtempSync(join(tmpdir(), 'rackside-nobus-'))
const saved = { bus: process.env.DBUS_SESSION_BUS_ADDRESS, home: process.env.HOME, cwd: process.cwd() }
const service = `rackside-test-${process.pid}`

beforeAll(() => {
  delete process.env.DBUS_SESSION_BUS_ADDRESS
  process.env.HOME = home
  process.chdir(home)
})

afterAll(() => {
  process.chdir(saved.cwd)
  if (saved.bus !== undefined) process.env.DBUS_SESSION_BUS_ADDRESS = saved.bus
  if (saved.home !== undefined) process.env.HOME = saved.home
  rmSync(home, { recursive: true, force: true })
})

it('refuses with the clear Linux message when there is no session bus, and writes nothing anywhere', async () => {
  const vault = openVault({ service, platform: 'linux' })
  const account = { kind: 'client', clientId: 'cms-01' } as const
  const error = await vault.set(account, 'no-bus-secret-1').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(KeychainUnavailableError)
  expect((error as Error).message).toBe(
    'No OS keychain is available: on Linux, Rackside needs a Secret Service such as gnome-keyring ' +
      '(package gnome-keyring) running in your session. Rackside never stores passwords in files.',
  )
  expect(String((error as KeychainUnavailableError).detail)).not.toContain('no-bus-secret-1')
  await expect(vault.get(account)).rejects.toBeInstanceOf(KeychainUnavailableError)
  // No silent fallback: the kernel keyring holds nothing, and no file appeared in the home or working folder.
  expect(new Entry(service, 'client:cms-01', { linux: { store: 'keyutils' } }).getPassword()).toBeNull()
  expect(readdirSync(home)).toEqual([])
})
