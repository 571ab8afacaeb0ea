import { describe, expect, it } from 'vitest'
import { RacksideError } from '../../shared/api'
import type { Vault, VaultAccount } from './keychain'
import { createKeychainService, KEYCHAIN_PATIENCE_MS } from './service'

const admin: VaultAccount = { kind: 'appliance-admin', applianceId: 'rack-7' }

/** A keychain in memory; `hang` makes every call wait forever (a locked keychain behind an unlock dialog). */
function memoryVault(options: { hang?: boolean } = {}) {
  const kept = new Map<string, string>()
  const calls: string[] = []
  const answer = <T>(value: () => T): Promise<T> =>
    options.hang ? new Promise<T>(() => undefined) : Promise.resolve().then(value)
  const vault: Vault = {
    set: (a, s) => (calls.push('set'), answer(() => void kept.set(JSON.stringify(a), s))),
    get: (a) => (calls.push('get'), answer(() => kept.get(JSON.stringify(a)))),
    delete: (a) => (calls.push('delete'), answer(() => kept.delete(JSON.stringify(a)))),
    has: (a) => (calls.push('has'), answer(() => kept.has(JSON.stringify(a)))),
  }
  return { vault, kept, calls }
}

describe('the keychain service', () => {
  it('waits 2 s for the keychain, whoever asks', () => {
    expect(KEYCHAIN_PATIENCE_MS).toBe(2_000)
  })

  it('keeps a password a step set and finds it again for the next prompt', async () => {
    const { vault } = memoryVault()
    const keychain = createKeychainService({ source: vault })
    expect(await keychain.keep(admin, 'New-Admin-9')).toBe('stored in the OS keychain')
    expect(await keychain.lookup(admin)).toBe('New-Admin-9')
    expect(await keychain.has(admin)).toEqual({ kept: true })
  })

  it('a keychain that does not answer: the lookup counts as not kept, the renderer is told to unlock it', async () => {
    const { vault } = memoryVault({ hang: true })
    const keychain = createKeychainService({ source: vault, patienceMs: 50 })
    const started = Date.now()
    expect(await keychain.lookup(admin)).toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(await keychain.keep(admin, 'New-Admin-9')).toMatch(/^not stored: .*did not answer within 0.05 s/)
    const error = await keychain.has(admin).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RacksideError)
    expect((error as Error).message).toMatch(/Unlock it and try again/)
    // The client side's door is the same one: its calls give up too.
    await expect((await keychain.vault()).get(admin)).rejects.toThrow(/did not answer/)
  })

  it('with no keychain: lookups find nothing, a store says why, and vault.* is keychain-unavailable', async () => {
    const keychain = createKeychainService({ source: null })
    expect(await keychain.lookup(admin)).toBeUndefined()
    expect(await keychain.keep(admin, 'New-Admin-9')).toBe(
      'not stored: no keychain is configured for this host',
    )
    const error = await keychain.set(admin, 'New-Admin-9').catch((e: unknown) => e)
    expect((error as RacksideError).code).toBe('keychain-unavailable')
  })

  it('refuses a password it could not hide before the keychain is touched', async () => {
    const { vault, calls } = memoryVault()
    const keychain = createKeychainService({ source: vault })
    const error = await keychain.set(admin, 'ab').catch((e: unknown) => e)
    expect((error as RacksideError).code).toBe('invalid-request')
    expect(calls).toEqual([])
  })
})
