/**
 * The one keychain door of the host: the runner (passwords for prompts, passwords a step set), the consoles (the
 * admin password an SSH console logs in with), the client side and the renderer's vault.* requests all go through
 * it, with one patience. There is no way to read a password back to the renderer; the host reads it only where it
 * types or sends it. A password shorter than 4 characters or with control characters is refused before the
 * keychain is touched.
 */
import { RacksideError } from '../../shared/api'
import { secretProblem } from '../../shared/secret-value'
import { InvalidVaultAccountError, KeychainError, KeychainUnavailableError, openVault } from './keychain'
import type { Vault, VaultAccount } from './keychain'

/**
 * How long Rackside waits for any one keychain call. A keychain that is locked behind an unlock dialog, or a
 * Secret Service that hangs, must not freeze a guided step or a wizard: a lookup then counts as "not kept" (the
 * operator is asked instead), and anything else fails with a message saying to unlock the keychain.
 */
export const KEYCHAIN_PATIENCE_MS = 2_000

/** Where the keychain comes from: a vault, none (null: passwords are always asked), or how to open one. */
export type VaultSource = Vault | null | (() => Vault | null | Promise<Vault | null>)

export interface KeychainOptions {
  /** Default: the OS keychain, opened on first use. */
  source?: VaultSource
  /** Default KEYCHAIN_PATIENCE_MS (tests shorten it). */
  patienceMs?: number
}

export interface KeychainService {
  /** The opened keychain, each call bounded by the patience; 'keychain-unavailable' when there is none. */
  vault(): Promise<Vault>
  /** The secret kept for the account; undefined when none is kept, there is no keychain, or it did not answer. */
  lookup(account: VaultAccount): Promise<string | undefined>
  /** Keeps a secret a step set, and says what became of it ("stored in the OS keychain" / "not stored: why"). */
  keep(account: VaultAccount, secret: string): Promise<string>
  /** vault.set: refuses a password it could not hide or type, before the keychain is touched. */
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

/** The keychain did not answer within the patience. */
export class KeychainTimeoutError extends KeychainError {
  constructor(ms: number) {
    super(
      `The keychain did not answer within ${ms / 1000} s (it may be locked or waiting for an unlock prompt). Unlock it and try again.`,
    )
    this.name = 'KeychainTimeoutError'
  }
}

/** A vault whose every call fails with KeychainTimeoutError after `ms`. */
export function patientVault(vault: Vault, ms: number): Vault {
  const bounded = <T>(p: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KeychainTimeoutError(ms)), ms)
    })
    return Promise.race([p, late]).finally(() => clearTimeout(timer))
  }
  return {
    set: (account, secret) => bounded(vault.set(account, secret)),
    get: (account) => bounded(vault.get(account)),
    delete: (account) => bounded(vault.delete(account)),
    has: (account) => bounded(vault.has(account)),
  }
}

export function createKeychainService(options: KeychainOptions = {}): KeychainService {
  const patience = options.patienceMs ?? KEYCHAIN_PATIENCE_MS
  const { source } = options
  let opened: Promise<Vault | null> | undefined
  const open = (): Promise<Vault | null> =>
    (opened ??= Promise.resolve()
      .then(() => (source === undefined ? openVault() : typeof source === 'function' ? source() : source))
      .then((v) => (v ? patientVault(v, patience) : null))
      .catch((error: unknown) => {
        // Not kept: a keychain that failed to open may be started later (gnome-keyring unlocked).
        opened = undefined
        throw error
      }))
  const vault = async (): Promise<Vault> => {
    const v = await open()
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
    async lookup(account) {
      try {
        const v = await open()
        return v ? await v.get(account) : undefined
      } catch {
        return undefined
      }
    },
    async keep(account, secret) {
      let v: Vault | null
      try {
        v = await open()
      } catch {
        v = null
      }
      if (!v) return 'not stored: no keychain is configured for this host'
      try {
        await v.set(account, secret)
        return 'stored in the OS keychain'
      } catch (error) {
        return `not stored: ${error instanceof Error ? error.message : String(error)}`
      }
    },
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
