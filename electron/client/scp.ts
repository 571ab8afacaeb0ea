/**
 * File exchange with the appliance over SSH: pull server.pem, push the client certificate.
 * SFTP when the appliance offers it (Luna 7.9+), else the legacy SCP protocol over an exec channel (`scp -f` /
 * `scp -t .`), which every Luna appliance speaks. The connection only proceeds when the host key matches the
 * SHA-256 fingerprint the operator verified (over the serial console, `sysconf fingerprint ssh`).
 *
 * server.pem is kept per appliance: <dataDir>/appliances/<appliance-id>/server.pem, so one appliance's
 * certificate never overwrites another's.
 */
import { createHash, X509Certificate } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { ClientChannel, SFTPWrapper } from 'ssh2'
import { RacksideError } from '../../shared/errors'
import { redact } from '../vault/redact'
import { atomicWrite } from './atomic-write'
import { certificateFingerprints, type CertificateFingerprints } from './certs'
import type { Progress } from './scp-protocol'
import {
  chunksOf,
  isPlainFileName,
  receiveFile,
  ScpProtocolError,
  ScpRemoteError,
  sendFile,
  sizeOf,
  type UploadData,
} from './scp-protocol'

export type { Progress, UploadData } from './scp-protocol'
export { ScpProtocolError, ScpRemoteError } from './scp-protocol'

export interface SshTarget {
  host: string
  port: number
  username: string
  password: string
  /** The verified host key fingerprint: `SHA256:<base64>` as OpenSSH prints it (hex with colons also accepted). */
  expectedHostKey: string
  readyTimeoutMs?: number
}

export class HostKeyMismatchError extends Error {
  readonly code = 'host-key-mismatch'
  readonly presented: string
  constructor(host: string, port: number, presented: string, expected: string) {
    super(
      `The appliance at ${host}:${port} presented SSH host key ${presented}, but ${expected} was verified for it. ` +
        'Nothing was sent. If the appliance was re-imaged, check its fingerprint again over the serial console ' +
        '(sysconf fingerprint ssh); otherwise something between you and the appliance is not the appliance.',
    )
    this.name = 'HostKeyMismatchError'
    this.presented = presented
  }
}

export class SshTransferError extends Error {
  readonly code: 'connection-failed' | 'auth-failed'
  constructor(code: 'connection-failed' | 'auth-failed', message: string) {
    super(message)
    this.name = 'SshTransferError'
    this.code = code
  }
}

/** The appliance account must change its password (first login) before it may copy files. */
export class PasswordChangeRequiredError extends Error {
  readonly code = 'password-change-required'
  constructor(user: string) {
    super(
      `The appliance requires a new password for ${user} before it copies files. Log in once over SSH or the serial ` +
        'console and change it (the first-login step), keep the new one in the keychain, then try again.',
    )
    this.name = 'PasswordChangeRequiredError'
  }
}

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

/** `SHA256:<unpadded base64>` for a key blob. */
export function sshFingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** Canonical `SHA256:<unpadded base64>` from the forms an operator may paste; undefined if it is not SHA-256. */
export function normalizeSshFingerprint(text: string): string | undefined {
  const t = text.trim()
  const b64 = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(t)
  if (b64) return `SHA256:${b64[1]}`
  const hex = t.replace(/^SHA256:/i, '').replace(/[:\s]/g, '')
  if (/^[0-9a-fA-F]{64}$/.test(hex))
    return `SHA256:${Buffer.from(hex, 'hex').toString('base64').replace(/=+$/, '')}`
  return undefined
}

/** An SSH connection whose host key was checked; transfers run on it one after another. */
export interface TransferConnection {
  readonly client: ssh2.Client
  /** The appliance account, for messages. */
  readonly user: string
  close(): void
}

/** Connects with password authentication, refusing any host key but the verified one. */
export function connectForTransfer(target: SshTarget): Promise<TransferConnection> {
  const expected = normalizeSshFingerprint(target.expectedHostKey)
  if (!expected)
    return Promise.reject(
      new SshTransferError(
        'connection-failed',
        `"${target.expectedHostKey.slice(0, 80)}" is not a SHA-256 host key fingerprint. Copy it from sysconf fingerprint ssh (SHA256:...).`,
      ),
    )
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client()
    let mismatch: HostKeyMismatchError | undefined
    let settled = false
    const fail = (error: Error): void => {
      if (settled) return
      settled = true
      client.end()
      reject(error)
    }
    client.on('ready', () => {
      settled = true
      resolve({ client, user: target.username, close: () => client.end() })
    })
    client.on('error', (error: Error & { level?: string }) => {
      if (mismatch) return fail(mismatch)
      if (error.level === 'client-authentication')
        return fail(
          new SshTransferError(
            'auth-failed',
            `The appliance at ${target.host}:${target.port} refused the password for ${target.username}. Check the password kept for this appliance.`,
          ),
        )
      fail(
        new SshTransferError(
          'connection-failed',
          `Could not open SSH to ${target.host}:${target.port}: ${redact(error.message)}. Check the address, the cable and that SSH is enabled.`,
        ),
      )
    })
    client.on('close', () => {
      if (mismatch) fail(mismatch)
      else
        fail(
          new SshTransferError(
            'connection-failed',
            `The appliance at ${target.host}:${target.port} closed the connection.`,
          ),
        )
    })
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      tryKeyboard: true,
      readyTimeout: target.readyTimeoutMs ?? 20_000,
      hostVerifier: (key: Buffer) => {
        const presented = sshFingerprintOf(key)
        if (presented === expected) return true
        mismatch = new HostKeyMismatchError(target.host, target.port, presented, expected)
        return false
      },
    })
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => target.password))
    })
  })
}

export type TransferMethod = 'auto' | 'scp' | 'sftp'

function openSftp(conn: TransferConnection): Promise<SFTPWrapper | undefined> {
  return new Promise((resolve) => {
    conn.client.sftp((error, sftp) => resolve(error ? undefined : sftp))
  })
}

/** Ends the SFTP channel and waits until the appliance confirmed the close, so the next channel starts clean. */
function endSftp(sftp: SFTPWrapper): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000)
    sftp.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    sftp.end()
  })
}

function exec(conn: TransferConnection, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    conn.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)))
  })
}

/** Waits for the remote scp to exit and reports a non-zero status with what it printed on stderr. */
function exitStatus(channel: ClientChannel, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let code: number | undefined
    channel.on('exit', (c: number | null) => {
      code = c ?? undefined
    })
    channel.on('close', () => {
      if (code === undefined || code === 0) resolve()
      else
        reject(
          new ScpProtocolError(
            `The appliance's scp ended with status ${code}${stderr() ? `: ${stderr().trim()}` : ''}.`,
          ),
        )
    })
  })
}

async function withScp<T>(
  conn: TransferConnection,
  command: string,
  timeoutMs: number,
  run: (channel: ClientChannel) => Promise<T>,
): Promise<T> {
  const channel = await exec(conn, command)
  let errText = ''
  channel.stderr.on('data', (d: Buffer) => {
    if (errText.length < 2000) errText += d.toString('utf8')
  })
  const done = exitStatus(channel, () => errText)
  done.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      channel.close()
      reject(
        new ScpProtocolError(
          `The transfer did not finish within ${Math.round(timeoutMs / 1000)} s. Try again.`,
        ),
      )
    }, timeoutMs)
  })
  try {
    const result = await Promise.race([run(channel), timeout])
    channel.end()
    await Promise.race([done, timeout])
    return result
  } catch (error) {
    channel.close()
    // When the appliance's scp never started, what it printed on stderr says why better than the framing does.
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 500))])
    const said = errText.trim()
    if (/password (has )?expired|password change required/i.test(said))
      throw new PasswordChangeRequiredError(conn.user)
    if (said && error instanceof ScpProtocolError && /closed the transfer/.test(error.message))
      throw new ScpRemoteError(said.split('\n')[0]!.replace(/^scp:\s*/, ''), 'copy the file')
    throw error
  } finally {
    clearTimeout(timer)
  }
}

async function sftpRead(
  sftp: SFTPWrapper,
  name: string,
  maxBytes: number,
  onProgress?: (p: Progress) => void,
): Promise<Buffer> {
  const stats = await new Promise<ssh2.Stats>((resolve, reject) =>
    sftp.stat(name, (e, s) => (e ? reject(e) : resolve(s))),
  )
  if (stats.size > maxBytes)
    throw new ScpProtocolError(
      `The appliance reports ${stats.size} bytes for ${name}, more than the ${maxBytes} expected.`,
    )
  const handle = await new Promise<Buffer>((resolve, reject) =>
    sftp.open(name, 'r', (e, h) => (e ? reject(e) : resolve(h))),
  )
  const parts: Buffer[] = []
  let offset = 0
  try {
    onProgress?.({ transferred: 0, total: stats.size })
    for (;;) {
      const buffer = Buffer.alloc(32 * 1024)
      const n = await new Promise<number>((resolve, reject) =>
        sftp.read(handle, buffer, 0, buffer.length, offset, (e, bytes) => (e ? reject(e) : resolve(bytes))),
      )
      if (n === 0) break
      parts.push(buffer.subarray(0, n))
      offset += n
      if (offset > maxBytes)
        throw new ScpProtocolError(`${name} is larger than the ${maxBytes} bytes expected.`)
      onProgress?.({ transferred: offset, total: Math.max(stats.size, offset) })
    }
  } finally {
    await new Promise<void>((resolve) => sftp.close(handle, () => resolve()))
  }
  return Buffer.concat(parts, offset)
}

async function sftpWrite(
  sftp: SFTPWrapper,
  name: string,
  data: UploadData,
  onProgress?: (p: Progress) => void,
): Promise<void> {
  const handle = await new Promise<Buffer>((resolve, reject) =>
    sftp.open(name, 'w', (e, h) => (e ? reject(e) : resolve(h))),
  )
  const total = sizeOf(data)
  let complete = false
  try {
    onProgress?.({ transferred: 0, total })
    let off = 0
    for await (const chunk of chunksOf(data)) {
      for (let at = 0; at < chunk.length; at += 32 * 1024) {
        const n = Math.min(32 * 1024, chunk.length - at)
        await new Promise<void>((resolve, reject) =>
          sftp.write(handle, chunk, at, n, off + at, (e) => (e ? reject(e) : resolve())),
        )
      }
      off += chunk.length
      onProgress?.({ transferred: off, total })
    }
    if (off !== total) throw new ScpProtocolError(`${name} ended after ${off} of ${total} bytes.`)
    complete = true
  } finally {
    await new Promise<void>((resolve) => sftp.close(handle, () => resolve()))
    // A source that failed half-way leaves no half file behind in the admin's home.
    if (!complete) await new Promise<void>((resolve) => sftp.unlink(name, () => resolve()))
  }
}

/** The local file failed (it changed or vanished): its own message says so better than "SFTP refused". */
const isSourceFailure = (error: unknown): boolean => error instanceof RacksideError

function sftpError(error: unknown, what: string): Error {
  if (error instanceof ScpProtocolError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ScpProtocolError(`The appliance's SFTP refused to ${what}: ${message}.`)
}

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
