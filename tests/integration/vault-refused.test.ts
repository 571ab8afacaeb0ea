/**
 * A password Rackside would not be able to hide (shorter than 4 characters) or to type (control characters) is
 * refused by vault.set with a clear message before anything is stored: checked through the host's request
 * path (schema and service) and the service alone, against a real gnome-keyring on a private D-Bus session bus
 * (libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so it is set before the first keychain call).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Entry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { createKeychainService } from '../../electron/vault/service'
import { knownSecrets, openVault, redact, registerSecret } from '../../electron/vault'
import { RacksideError } from '../../shared/api'
import { startKeyring, startPrivateBus } from '../support/private-bus'

const root = mkdtempSync(join(tmpdir(), 'rackside-vault-refused-'))
const home = join(root, 'home')
const runtime = join(root, 'run')
const saved = {
  DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
  HOME: process.env.HOME,
  XDG_DATA_HOME: process.env.XDG_DATA_HOME,
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
}
const children: ChildProcess[] = []
const service = `rackside-test-refused-${process.pid}`
let host: Host | undefined

/** The password the keychain holds for an account, read past Rackside. */
const inKeychain = (account: string): string | null =>
  new Entry(service, account, { linux: { store: 'secret-service' } }).getPassword()

beforeAll(async () => {
  mkdirSync(home, { recursive: true })
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  process.env.HOME = home
  process.env.XDG_DATA_HOME = join(home, '.local/share')
  process.env.XDG_RUNTIME_DIR = runtime
  const address = await startPrivateBus(root, runtime, children)
  process.env.DBUS_SESSION_BUS_ADDRESS = address
  await startKeyring(address, children)
})

afterAll(async () => {
  await host?.close()
  for (const c of children.reverse()) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGTERM')
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  rmSync(root, { recursive: true, force: true })
})

describe('vault.set refuses a password it could not hide or type', () => {
  it('says why, and leaves the keychain as it was: the old password kept, no entry made', async () => {
    const vault = openVault({ service, platform: 'linux' })
    host = createHost({ kind: 'web', version: '0.0.0-test', dataDir: join(root, 'data'), client: { vault } })
    const admin = { kind: 'appliance-admin', applianceId: 'hsm-a' }
    const partition = { kind: 'partition', applianceId: 'hsm-a', partition: 'cms_par1' }
    expect(await host.dispatch('vault.set', { account: admin, secret: 'Adm1n-pass!' })).toEqual({
      ok: true,
      value: { stored: true },
    })

    const refused: [string, RegExp][] = [
      [
        'a',
        /^Invalid vault\.set request: secret: A password must be at least 4 characters long \(this one has 1\)/,
      ],
      ['ab1', /at least 4 characters long \(this one has 3\)/],
      ['pass\nword', /cannot contain control characters/],
      ['pass\u0003word', /cannot contain control characters/],
      ['\u001b[200~pw', /cannot contain control characters/],
      ['      ', /at least 4 characters besides spaces/],
    ]
    for (const [secret, message] of refused)
      for (const account of [admin, partition]) {
        const reply = await host.dispatch('vault.set', { account, secret })
        expect(reply.ok).toBe(false)
        if (reply.ok) continue
        expect(reply.error.code).toBe('invalid-request')
        expect(reply.error.message).toMatch(message)
        if (secret.trim().length >= 3) expect(reply.error.message).not.toContain(secret)
      }

    expect(inKeychain('appliance:hsm-a/admin')).toBe('Adm1n-pass!')
    expect(inKeychain('appliance:hsm-a/partition:cms_par1')).toBeNull()
    expect(knownSecrets()).not.toEqual(expect.arrayContaining(['a']))
    expect(knownSecrets()).not.toEqual(expect.arrayContaining(['ab1']))
  })

  it('is refused by the vault service too, for a caller that skips the request schema', async () => {
    const vaults = createKeychainService({ source: openVault({ service, platform: 'linux' }) })
    const account = { kind: 'client', clientId: 'cms-01' } as const
    const error = await vaults.set(account, 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RacksideError)
    expect((error as RacksideError).code).toBe('invalid-request')
    expect((error as Error).message).toMatch(/at least 4 characters/)
    expect(inKeychain('client:cms-01')).toBeNull()
    expect(await vaults.set(account, 'Client-pw-1')).toEqual({ stored: true })
    expect(inKeychain('client:cms-01')).toBe('Client-pw-1')
  })

  it('never registers a secret too short to hide: one letter would redact every "a" of every transcript', () => {
    registerSecret('a')
    registerSecret(' ab ')
    expect(redact('banana ab')).toBe('banana ab')
  })
})
