/**
 * File exchange with the appliance over SSH: pull server.pem, push the client certificate.
 * SFTP when the appliance offers it (Luna 7.9+), else the legacy SCP protocol over an exec channel (`scp -f` /
 * `scp -t .`), which every Luna appliance speaks. The connection only proceeds when the host key matches the
 * SHA-256 fingerprint the operator verified (over the serial console, `sysconf fingerprint ssh`).
 *
 * server.pem is kept per appliance: <dataDir>/appliances/<appliance-id>/server.pem, so one appliance's
 * certificate never overwrites another's.
 *
 * The connection is transfer-connection.ts, the SCP exchange scp-exec.ts (framing in scp-protocol.ts), SFTP
 * sftp-transfer.ts; this module picks the protocol and keeps the appliance's files.
 */
import { X509Certificate } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { atomicWrite } from './atomic-write'
import { certificateFingerprints, type CertificateFingerprints } from './certs'
import type { Progress } from './scp-protocol'
import { isPlainFileName, receiveFile, ScpProtocolError, sendFile, type UploadData } from './scp-protocol'
import { withScp } from './scp-exec'
import { endSftp, isSourceFailure, openSftp, sftpError, sftpRead, sftpWrite } from './sftp-transfer'
import type { TransferConnection } from './transfer-connection'

export type { Progress, UploadData } from './scp-protocol'
export { ScpProtocolError, ScpRemoteError } from './scp-protocol'
export {
  connectForTransfer,
  HostKeyMismatchError,
  normalizeSshFingerprint,
  PasswordChangeRequiredError,
  sshFingerprintOf,
  SshTransferError,
  type SshTarget,
  type TransferConnection,
} from './transfer-connection'

export class ServerPemInvalidError extends Error {
  readonly code = 'server-pem-invalid'
  constructor(applianceId: string, why: string) {
    super(
      `The server.pem pulled from appliance ${applianceId} is not a usable certificate (${why}). Nothing was saved. ` +
        "Regenerate the appliance's certificate (sysconf regenCert) and restart NTLS, then pull it again.",
    )
    this.name = 'ServerPemInvalidError'
  }
}

export type TransferMethod = 'auto' | 'scp' | 'sftp'

export interface TransferOptions {
  method?: TransferMethod
  onProgress?: (p: Progress) => void
  timeoutMs?: number
}

/** Downloads one file from the admin's home; returns its bytes and the protocol used. */
export async function pullFile(
  conn: TransferConnection,
  name: string,
  options: TransferOptions & { maxBytes?: number } = {},
): Promise<{ data: Buffer; via: 'scp' | 'sftp' }> {
  if (!isPlainFileName(name)) throw new ScpProtocolError(`"${name}" is not a plain file name.`)
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const method = options.method ?? 'auto'
  if (method !== 'scp') {
    const sftp = await openSftp(conn)
    if (sftp) {
      try {
        return { data: await sftpRead(sftp, name, maxBytes, options.onProgress), via: 'sftp' }
      } catch (error) {
        throw sftpError(error, `send ${name}`)
      } finally {
        await endSftp(sftp)
      }
    }
    if (method === 'sftp')
      throw new ScpProtocolError(
        'The appliance does not offer SFTP (Luna appliances before 7.9 do not). Use SCP.',
      )
  }
  const data = await withScp(conn, `scp -f ${name}`, options.timeoutMs ?? 60_000, (channel) =>
    receiveFile(channel, name, { maxBytes, onProgress: options.onProgress }),
  )
  return { data, via: 'scp' }
}

/** Uploads one file into the admin's home (where `client register` looks for `<client>.pem`). */
export async function pushFile(
  conn: TransferConnection,
  name: string,
  data: UploadData,
  options: TransferOptions = {},
): Promise<{ via: 'scp' | 'sftp' }> {
  if (!isPlainFileName(name)) throw new ScpProtocolError(`"${name}" is not a plain file name.`)
  const method = options.method ?? 'auto'
  if (method !== 'scp') {
    const sftp = await openSftp(conn)
    if (sftp) {
      try {
        await sftpWrite(sftp, name, data, options.onProgress)
        return { via: 'sftp' }
      } catch (error) {
        if (isSourceFailure(error)) throw error
        throw sftpError(error, `receive ${name}`)
      } finally {
        await endSftp(sftp)
      }
    }
    if (method === 'sftp')
      throw new ScpProtocolError(
        'The appliance does not offer SFTP (Luna appliances before 7.9 do not). Use SCP.',
      )
  }
  await withScp(conn, 'scp -t .', options.timeoutMs ?? 60_000, (channel) =>
    sendFile(channel, name, data, { onProgress: options.onProgress }),
  )
  return { via: 'scp' }
}

const APPLIANCE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/

/** <dataDir>/appliances/<appliance-id>/server.pem */
export function serverPemPath(dataDir: string, applianceId: string): string {
  if (!APPLIANCE_ID.test(applianceId))
    throw new ServerPemInvalidError(applianceId.slice(0, 64), 'the appliance id is not a plain lower-case id')
  return join(dataDir, 'appliances', applianceId, 'server.pem')
}

export interface ServerPemResult {
  path: string
  via: 'scp' | 'sftp'
  fingerprints: CertificateFingerprints
  subject: string
  validFrom: string
  validTo: string
  /** The fingerprint of the server.pem kept before this pull, when it was a different certificate. */
  replacedSha256?: string
}

/** Pulls server.pem, checks it is a certificate, and keeps it under this appliance's own folder. */
export async function pullServerPem(
  conn: TransferConnection,
  options: TransferOptions & { applianceId: string; dataDir: string },
): Promise<ServerPemResult> {
  const path = serverPemPath(options.dataDir, options.applianceId)
  const { data, via } = await pullFile(conn, 'server.pem', { ...options, maxBytes: 64 * 1024 })
  let cert: X509Certificate
  try {
    cert = new X509Certificate(data)
  } catch {
    throw new ServerPemInvalidError(options.applianceId, 'it does not parse as an X.509 certificate')
  }
  const previous = await readFile(path).then(
    (old) => {
      try {
        return new X509Certificate(old).fingerprint256
      } catch {
        return undefined
      }
    },
    () => undefined,
  )
  await mkdir(join(options.dataDir, 'appliances', options.applianceId), { recursive: true })
  await atomicWrite(path, data, { mode: 0o644 })
  return {
    path,
    via,
    fingerprints: certificateFingerprints(cert),
    subject: cert.subject,
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    ...(previous && previous !== cert.fingerprint256 ? { replacedSha256: previous } : {}),
  }
}

/**
 * Pushes the client certificate (vtl createCert's `<name>.pem`) to the admin's home as `<name>.pem`, where
 * `client register` reads it. Only the certificate is sent, never the key.
 */
export async function pushClientCertificate(
  conn: TransferConnection,
  options: TransferOptions & { certificatePath: string; remoteName: string },
): Promise<{ via: 'scp' | 'sftp'; fingerprints: CertificateFingerprints }> {
  const data = await readFile(options.certificatePath)
  let cert: X509Certificate
  try {
    cert = new X509Certificate(data)
  } catch {
    throw new ScpProtocolError(
      `${options.certificatePath} is not a certificate; run vtl createCert again. Nothing was sent.`,
    )
  }
  if (/PRIVATE KEY/.test(data.toString('latin1')))
    throw new ScpProtocolError(
      `${options.certificatePath} holds a private key; only the certificate may be sent. Nothing was sent.`,
    )
  const { via } = await pushFile(conn, options.remoteName, data, options)
  return { via, fingerprints: certificateFingerprints(cert) }
}
