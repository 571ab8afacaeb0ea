/**
 * The keychain as the renderer may use it: store a password, ask whether one is kept, delete it. There is no
 * way to read a password back to the renderer; the host reads it only where it types or sends it. A password
 * shorter than 4 characters or with control characters is refused before the keychain is touched.
 */
import { RacksideError } from '../../shared/api'
import { secretProblem } from '../../shared/secret-value'
import { InvalidVaultAccountError, KeychainError, KeychainUnavailableError, openVault } from './'
import type { Vault, VaultAccount } from './'

export type VaultSource = Vault | null | (() => Vault | null | Promise<Vault | null>)

export interface VaultService {
  vault(): Promise<Vault>
  set(account: VaultAccount, secret: string): Promise<{ stored: true }>
  has(account: VaultAccount): Promise<{ kept: boolean }>
  delete(account: VaultAccount): Promise<{ deleted: boolean }>
}

/** Turns the vault's own errors into contract errors that read as actions (and never hold the secret). */
export function vaultError(error: unknown): RacksideError | undefined {
  if (error instanceof KeychainUnavailableError)
    return new RacksideError({ code: 'keychain-unavailable', message: error.message })
  if (error instanceof KeychainError) return new RacksideError({ code: 'internal', message: error.message })
  if (error instanceof InvalidVaultAccountError)
    return new RacksideError({ code: 'invalid-request', message: error.message })
  return undefined
}

export function createVaultService(source: VaultSource | undefined): VaultService {
  let opened: Promise<Vault | null> | undefined
  const vault = async (): Promise<Vault> => {
    opened ??= Promise.resolve(
      source === undefined ? openVault() : typeof source === 'function' ? source() : source,
    )
    const v = await opened
    if (!v)
      throw new RacksideError({
        code: 'keychain-unavailable',
        message:
          'No OS keychain is configured for this Rackside host. Rackside never stores passwords in files: start a keychain (gnome-keyring on Linux) and try again.',
      })
    return v
  }
  const guard = async <T>(run: (v: Vault) => Promise<T>): Promise<T> => {
    try {
      return await run(await vault())
    } catch (error) {
      throw vaultError(error) ?? error
    }
  }
  return {
    vault,
    set(account, secret) {
      // Before the keychain is even opened: a refused password leaves it as it was, and is not registered.
      const problem = secretProblem(secret)
      if (problem) return Promise.reject(new RacksideError({ code: 'invalid-request', message: problem }))
      return guard(async (v) => (await v.set(account, secret), { stored: true as const }))
    },
    has: (account) => guard(async (v) => ({ kept: await v.has(account) })),
    delete: (account) => guard(async (v) => ({ deleted: await v.delete(account) })),
  }
}
