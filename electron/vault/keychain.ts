/**
 * Appliance, partition and client passwords in the OS keychain (macOS Keychain, Windows Credential Manager,
 * a Secret Service such as gnome-keyring on Linux), through @napi-rs/keyring.
 *
 * There is no fallback. On Linux the store is pinned to the Secret Service: left to itself the library would
 * fall back to the kernel keyring, which forgets everything at logout, and a password the operator thinks is
 * saved would silently be gone. When no keychain answers, a KeychainUnavailableError says what to install.
 */
import { AsyncEntry } from '@napi-rs/keyring'
import { redact, registerSecret } from './redact'

export const VAULT_SERVICE = 'rackside'

export type VaultAccount =
  | { kind: 'appliance-admin'; applianceId: string }
  | { kind: 'partition'; applianceId: string; partition: string }
  | { kind: 'client'; clientId: string }

export class InvalidVaultAccountError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidVaultAccountError'
  }
}

/** No keychain could be reached. Nothing was stored anywhere. */
export class KeychainUnavailableError extends Error {
  readonly code = 'keychain-unavailable'
  /** What the platform said (never holds a secret). */
  readonly detail: string
  constructor(platform: string, detail: string) {
    super(unavailableMessage(platform))
    this.name = 'KeychainUnavailableError'
    this.detail = detail
  }
}

/** The keychain answered but refused or failed the operation. */
export class KeychainError extends Error {
  readonly code = 'keychain-failed'
  constructor(message: string) {
    super(message)
    this.name = 'KeychainError'
  }
}

function unavailableMessage(platform: string): string {
  if (platform === 'linux')
    return (
      'No OS keychain is available: on Linux, Rackside needs a Secret Service such as gnome-keyring ' +
      '(package gnome-keyring) running in your session. Rackside never stores passwords in files.'
    )
  if (platform === 'darwin')
    return 'No OS keychain is available: the macOS login keychain could not be opened (is it locked?). Rackside never stores passwords in files.'
  if (platform === 'win32')
    return 'No OS keychain is available: Windows Credential Manager could not be used for this account. Rackside never stores passwords in files.'
  return `No OS keychain is available on this platform (${platform}). Rackside never stores passwords in files.`
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/

function checkId(what: string, id: string): void {
  if (!ID.test(id))
    throw new InvalidVaultAccountError(
      `The ${what} "${id.slice(0, 64)}" is not a valid id (lower-case letters, digits and dashes, up to 64).`,
    )
}

/** `appliance:<id>/admin`, `appliance:<id>/partition:<name>`, `client:<id>`. */
export function accountName(account: VaultAccount): string {
  switch (account.kind) {
    case 'appliance-admin':
      checkId('appliance id', account.applianceId)
      return `appliance:${account.applianceId}/admin`
    case 'partition': {
      checkId('appliance id', account.applianceId)
      const p = account.partition
      // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
      if (p.length === 0 || p.length > 64 || /[\u0000-\u001f\u007f/]/.test(p) || p !== p.trim())
        throw new InvalidVaultAccountError(
          'The partition name must be 1 to 64 characters, without "/", control characters or edge spaces.',
        )
      return `appliance:${account.applianceId}/partition:${p}`
    }
    case 'client':
      checkId('client id', account.clientId)
      return `client:${account.clientId}`
  }
}

/** The store behind the vault; the real one is @napi-rs/keyring, tests may pass another. */
export interface KeychainBackend {
  set(service: string, account: string, secret: string): Promise<void>
  get(service: string, account: string): Promise<string | null>
  delete(service: string, account: string): Promise<boolean>
}

export function osKeychain(platform: string = process.platform): KeychainBackend {
  const options = platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
  const entry = (service: string, account: string): AsyncEntry => new AsyncEntry(service, account, options)
  return {
    set: (service, account, secret) => entry(service, account).setPassword(secret),
    get: (service, account) => entry(service, account).getPassword(),
    delete: (service, account) => entry(service, account).deletePassword(),
  }
}

/** Platform errors that mean "there is no usable keychain" rather than "this entry failed". */
function isUnavailable(message: string): boolean {
  return /platform storage|platform failure|secret service|dbus|d-bus|no result found|keyring|locked|not available/i.test(
    message,
  )
}

export interface Vault {
  /** Stores the secret and reads it back to prove it was kept. */
  set(account: VaultAccount, secret: string): Promise<void>
  /** The secret, registered for redaction; undefined when none is stored. */
  get(account: VaultAccount): Promise<string | undefined>
  /** True when something was deleted. */
  delete(account: VaultAccount): Promise<boolean>
  /** Whether a secret is kept for the account (for "saved in keychain" in the UI); the secret is not returned. */
  has(account: VaultAccount): Promise<boolean>
}

export interface VaultOptions {
  service?: string
  platform?: string
  backend?: KeychainBackend
}

export function openVault(options: VaultOptions = {}): Vault {
  const service = options.service ?? VAULT_SERVICE
  const platform = options.platform ?? process.platform
  const backend = options.backend ?? osKeychain(platform)

  const guard = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      if (error instanceof KeychainError || error instanceof KeychainUnavailableError) throw error
      const message = redact(error instanceof Error ? error.message : String(error))
      if (/ambiguous/i.test(message))
        throw new KeychainError(
          `The keychain holds more than one "${service}" entry for this account, so Rackside cannot tell which to ${action}. Remove the duplicates in your keychain manager.`,
        )
      if (isUnavailable(message)) throw new KeychainUnavailableError(platform, message)
      throw new KeychainError(`The keychain could not ${action} this password: ${message}`)
    }
  }

  return {
    async set(account, secret) {
      const name = accountName(account)
      if (secret.length === 0) throw new InvalidVaultAccountError('An empty password is not stored.')
      registerSecret(secret)
      await guard('store', async () => {
        await backend.set(service, name, secret)
        const back = await backend.get(service, name)
        if (back !== secret)
          throw new KeychainError(
            `The keychain accepted the password for ${name} but did not give it back. Check that your keychain is unlocked and try again.`,
          )
      })
    },
    async get(account) {
      const name = accountName(account)
      const secret = await guard('read', () => backend.get(service, name))
      if (secret === null || secret === undefined) return undefined
      registerSecret(secret)
      return secret
    },
    async delete(account) {
      const name = accountName(account)
      return guard('delete', () => backend.delete(service, name))
    },
    async has(account) {
      const name = accountName(account)
      const secret = await guard('read', () => backend.get(service, name))
      if (secret) registerSecret(secret)
      return Boolean(secret)
    },
  }
}
