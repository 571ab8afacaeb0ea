import { afterEach, describe, expect, it } from 'vitest'
import type { KeychainBackend } from './keychain'
import {
  InvalidVaultAccountError,
  KeychainError,
  KeychainUnavailableError,
  accountName,
  openVault,
} from './keychain'
import {
  clearSecretsForTests,
  knownSecrets,
  longestSecretLength,
  redact,
  registerSecret,
  streamRedactor,
} from './redact'

afterEach(() => clearSecretsForTests())

/** An in-memory keychain, or one that fails the way a platform store does. */
function memoryBackend(fail?: Error): KeychainBackend & { store: Map<string, string> } {
  const store = new Map<string, string>()
  const guard = (): void => {
    if (fail) throw fail
  }
  return {
    store,
    async set(service, account, secret) {
      guard()
      store.set(`${service}|${account}`, secret)
    },
    async get(service, account) {
      guard()
      return store.get(`${service}|${account}`) ?? null
    },
    async delete(service, account) {
      guard()
      return store.delete(`${service}|${account}`)
    },
  }
}

describe('account names', () => {
  it('are one per appliance and partition, and one per client', () => {
    expect(accountName({ kind: 'appliance-admin', applianceId: 'hsm-a' })).toBe('appliance:hsm-a/admin')
    expect(accountName({ kind: 'partition', applianceId: 'hsm-a', partition: 'cms_par1' })).toBe(
      'appliance:hsm-a/partition:cms_par1',
    )
    expect(accountName({ kind: 'client', clientId: 'cms-01' })).toBe('client:cms-01')
  })

  it('refuse ids and names that could collide or smuggle a separator', () => {
    expect(() => accountName({ kind: 'appliance-admin', applianceId: 'HSM A' })).toThrow(
      InvalidVaultAccountError,
    )
    expect(() => accountName({ kind: 'partition', applianceId: 'hsm-a', partition: 'a/admin' })).toThrow(
      InvalidVaultAccountError,
    )
    expect(() => accountName({ kind: 'partition', applianceId: 'hsm-a', partition: 'p\n' })).toThrow(
      InvalidVaultAccountError,
    )
  })
})

describe('the vault', () => {
  it('stores under service "rackside" and registers what it hands out for redaction', async () => {
    const backend = memoryBackend()
    const vault = openVault({ backend, platform: 'linux' })
    await vault.set({ kind: 'client', clientId: 'cms-01' }, 'Client-pw-1')
    expect([...backend.store.keys()]).toEqual(['rackside|client:cms-01'])
    clearSecretsForTests()
    expect(await vault.get({ kind: 'client', clientId: 'cms-01' })).toBe('Client-pw-1')
    expect(knownSecrets()).toEqual(['Client-pw-1'])
  })

  it('turns a platform failure into the clear "no keychain" error, without the secret in it', async () => {
    const vault = openVault({
      backend: memoryBackend(new Error("Couldn't access platform storage: AccessDenied")),
      platform: 'linux',
    })
    const error = await vault.set({ kind: 'client', clientId: 'x' }, 'Sekret-99').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KeychainUnavailableError)
    expect((error as Error).message).toMatch(
      /^No OS keychain is available: on Linux, Rackside needs a Secret Service/,
    )
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('Sekret-99')
  })

  it('names duplicates in the keychain instead of guessing', async () => {
    const vault = openVault({
      backend: memoryBackend(new Error('Entry is matched by 2 credentials: Ambiguous')),
    })
    await expect(vault.get({ kind: 'client', clientId: 'x' })).rejects.toThrow(
      /more than one "rackside" entry/,
    )
  })

  it('refuses an empty password, and reports a store that does not give the password back', async () => {
    const vault = openVault({ backend: memoryBackend() })
    await expect(vault.set({ kind: 'client', clientId: 'x' }, '')).rejects.toBeInstanceOf(
      InvalidVaultAccountError,
    )
    const lossy: KeychainBackend = { ...memoryBackend(), get: async () => null }
    await expect(
      openVault({ backend: lossy }).set({ kind: 'client', clientId: 'x' }, 'pw-123456'),
    ).rejects.toBeInstanceOf(KeychainError)
  })
})

describe('redaction', () => {
  it('replaces every registered secret, the longer one first when one contains another', () => {
    registerSecret('abc123')
    registerSecret('abc123-longer')
    registerSecret('a.b*c')
    expect(redact('x abc123-longer y abc123 z a.b*c a.bbc')).toBe(
      'x [redacted] y [redacted] z [redacted] a.bbc',
    )
    expect(longestSecretLength()).toBe(13)
  })

  it('ignores empty secrets and leaves text alone when nothing is registered', () => {
    registerSecret('')
    expect(redact('nothing to hide')).toBe('nothing to hide')
  })
})

describe('stream redaction', () => {
  it('catches a secret split across chunks, at any split point, and loses no other character', () => {
    registerSecret('pTYF-45xG-pXbE-AHs4')
    const text = 'Please enter the password:\r\n> pTYF-45xG-pXbE-AHs4\r\npTYF-45 is not it\r\n'
    for (let cut = 0; cut <= text.length; cut++) {
      for (const step of [1, 3, 7]) {
        const r = streamRedactor()
        let out = r.push(text.slice(0, cut))
        for (let i = cut; i < text.length; i += step) out += r.push(text.slice(i, i + step))
        out += r.flush()
        expect(out).toBe('Please enter the password:\r\n> [redacted]\r\npTYF-45 is not it\r\n')
      }
    }
  })
})
