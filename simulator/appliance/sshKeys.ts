import { createPublicKey } from 'node:crypto'
import ssh2 from 'ssh2'
import { sshSha256Fingerprint } from './certs'

/** An OpenSSH public key as `sysconf ssh publickey` keeps and shows it. */
export interface OpenSshPublicKey {
  /** `<type> <base64>`, plus the comment when there is one: the line as `ssh-keygen` wrote it. */
  line: string
  /** `ED25519`, `RSA`, `ECDSA`, as `ssh-keygen -l` names them. */
  type: string
  bits: number
  /** `SHA256:` + unpadded base64 of the key blob, as OpenSSH prints it. */
  fingerprint: string
}

const KEY_LINE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)) [A-Za-z0-9+/]+={0,2}(?: .*)?$/

/**
 * Reads an uploaded `.pub` file: exactly one OpenSSH public key line (blank lines and `#` comments aside).
 * Returns why not when it is anything else (a private key, a PEM key, two keys, a damaged line).
 */
export function parseOpenSshPublicKey(text: string): OpenSshPublicKey | { problem: string } {
  if (/PRIVATE KEY-----/.test(text)) return { problem: 'it is a private key; upload the .pub file' }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  if (lines.length === 0) return { problem: 'the file is empty' }
  if (lines.length > 1) return { problem: 'the file holds more than one line; upload one key per file' }
  const line = lines[0] as string
  if (!KEY_LINE.test(line)) return { problem: 'not an OpenSSH public key' }
  const parsed = ssh2.utils.parseKey(line)
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key || key instanceof Error || key.isPrivateKey()) return { problem: 'not an OpenSSH public key' }
  const fingerprint = sshSha256Fingerprint(key.getPublicSSH())
  const details = createPublicKey(key.getPublicPEM()).asymmetricKeyDetails
  if (key.type === 'ssh-rsa') return { line, type: 'RSA', bits: details?.modulusLength ?? 0, fingerprint }
  if (key.type === 'ssh-ed25519') return { line, type: 'ED25519', bits: 256, fingerprint }
  const curveBits = Number(/nistp(\d+)$/.exec(key.type)?.[1] ?? 0)
  return { line, type: 'ECDSA', bits: curveBits, fingerprint }
}
