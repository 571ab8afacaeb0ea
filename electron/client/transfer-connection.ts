/**
 * The SSH connection a file transfer runs on: password (and keyboard-interactive) login, refusing any host key but
 * the SHA-256 fingerprint the operator verified, and the errors that say why a connection was not made.
 */
import { createHash } from 'node:crypto'
import ssh2 from 'ssh2'
import { redact } from '../vault/redact'

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
