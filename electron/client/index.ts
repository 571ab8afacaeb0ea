/**
 * The client side of Rackside for the host (electron/host): what the wizard's steps call.
 * Each function does one step and throws typed errors whose messages read as actions; none takes or returns a
 * password except through the vault, and none writes one anywhere.
 */
import { readFile } from 'node:fs/promises'
import type { Vault } from '../vault/keychain'
import { readClientCredentials } from './client-credentials'
import { probeNtls, type NtlsProbeOptions, type NtlsProbeResult } from './ntls-probe'
import { listSlots, resolveCryptokiLibrary, type LibrarySearch } from './pkcs11'
import { connectForTransfer, serverPemPath, type TransferConnection } from './scp'

export { atomicWrite, backupFile, FileWriteError } from './atomic-write'
export { certificateFingerprints, matchesReportedFingerprint } from './certs'
export type { CertificateFingerprints } from './certs'
export { ClientCredentialsError, readClientCredentials } from './client-credentials'
export type { ClientCredentials } from './client-credentials'
export {
  applyPreview,
  CmsFileMissingError,
  defaultCmsPaths,
  ensureCmsSlotIniFromDistribution,
  FileChangedSincePreviewError,
  previewCmsSlotIni,
  previewPkcs11Cfg,
} from './cmsfiles'
export type { ApplyOptions, ApplyResult, CmsFilePaths, FilePreview } from './cmsfiles'
export {
  DEFAULT_CLIENT_FOLDERS,
  locateLunaClient,
  LunaClientNotFoundError,
  parseVtlBanner,
  readVtlVersion,
} from './locate'
export type { LocateOptions, LunaClientInstall } from './locate'
export { NTLS_PORT, probeNtls } from './ntls-probe'
export type { NtlsPartition, NtlsProbeOptions, NtlsProbeResult, NtlsProblem } from './ntls-probe'
export {
  checkSlotExists,
  CryptokiCallError,
  CryptokiLoadError,
  CryptokiNotFoundError,
  CryptokiTimeoutError,
  findSlot,
  listSlots,
  resolveCryptokiLibrary,
  SlotNotFoundError,
} from './pkcs11'
export type { CryptokiModuleSummary, LibrarySearch, SlotSummary, TokenSummary } from './pkcs11'
export {
  connectForTransfer,
  HostKeyMismatchError,
  normalizeSshFingerprint,
  PasswordChangeRequiredError,
  pullFile,
  pullServerPem,
  pushClientCertificate,
  pushFile,
  ScpProtocolError,
  ScpRemoteError,
  ServerPemInvalidError,
  serverPemPath,
  SshTransferError,
} from './scp'
export type { Progress, ServerPemResult, SshTarget, TransferConnection, TransferMethod } from './scp'

export class NoStoredPasswordError extends Error {
  readonly code = 'no-stored-password'
  constructor(applianceId: string) {
    super(
      `No admin password is kept for appliance ${applianceId}. Enter it once in Rackside (it goes to the OS keychain), then try again.`,
    )
    this.name = 'NoStoredPasswordError'
  }
}

export class NoServerPemError extends Error {
  readonly code = 'no-server-pem'
  constructor(applianceId: string, path: string) {
    super(`No server.pem is kept for appliance ${applianceId} (${path}). Pull it from the appliance first.`)
    this.name = 'NoServerPemError'
  }
}

/** Opens the file-transfer connection with the admin password from the keychain and the verified host key. */
export async function connectApplianceForTransfer(options: {
  vault: Vault
  applianceId: string
  host: string
  port: number
  username?: string
  expectedHostKey: string
}): Promise<TransferConnection> {
  const password = await options.vault.get({ kind: 'appliance-admin', applianceId: options.applianceId })
  if (password === undefined) throw new NoStoredPasswordError(options.applianceId)
  return connectForTransfer({
    host: options.host,
    port: options.port,
    username: options.username ?? 'admin',
    password,
    expectedHostKey: options.expectedHostKey,
  })
}

/** Lists the PKCS#11 slots of the Luna client's cryptoki library (configured, from Chrystoki.conf, or the install folder). */
export async function listClientSlots(search: LibrarySearch): ReturnType<typeof listSlots> {
  const { path } = await resolveCryptokiLibrary(search)
  return listSlots(path)
}

/**
 * The NTL check for one appliance: the server.pem kept for it, the client certificate and key from the Luna
 * client's configuration, and the facts the runner read from the appliance (client show / fingerprint, ipcheck).
 */
export async function probeApplianceLink(options: {
  applianceId: string
  dataDir: string
  host: string
  port?: number
  clientConfigPath: string
  mode?: NtlsProbeOptions['mode']
  appliance?: NtlsProbeOptions['appliance']
  timeoutMs?: number
}): Promise<NtlsProbeResult> {
  const pemPath = serverPemPath(options.dataDir, options.applianceId)
  const serverCertificatePem = await readFile(pemPath, 'utf8').catch(() => {
    throw new NoServerPemError(options.applianceId, pemPath)
  })
  const credentials = await readClientCredentials(options.clientConfigPath)
  return probeNtls({
    host: options.host,
    ...(options.port ? { port: options.port } : {}),
    serverCertificatePem,
    clientCertificatePem: credentials.certPem,
    clientKeyPem: credentials.keyPem,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.appliance ? { appliance: options.appliance } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  })
}
