export {
  VAULT_SERVICE,
  accountName,
  openVault,
  osKeychain,
  InvalidVaultAccountError,
  KeychainError,
  KeychainUnavailableError,
} from './keychain'
export type { KeychainBackend, Vault, VaultAccount, VaultOptions } from './keychain'
export { REDACTED, knownSecrets, longestSecretLength, redact, registerSecret, streamRedactor } from './redact'
export type { StreamRedactor } from './redact'
