/**
 * OpenSSH's own trust store (~/.ssh/known_hosts), read only: which host keys it holds for a host and port.
 * Every lookup goes through `opensshHostKeys`, so hashed names, wildcards and `@revoked` are taught in one place.
 * Rackside's own store is known-hosts.ts; this file never writes.
 */
import { createHash, createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The file OpenSSH reads by default for the current user. */
export function defaultOpensshKnownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts')
}

/** The name OpenSSH files a host under: `host` on port 22, `[host]:port` otherwise. */
function entryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = pattern.split('|')
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  return pattern.toLowerCase() === name.toLowerCase()
}

/** SHA-256 fingerprints (`SHA256:…`) that the known_hosts text `text` holds for host:port; plain and hashed names. */
export function opensshHostKeysIn(text: string, host: string, port: number): string[] {
  const name = entryName(host, port)
  const out: string[] = []
  for (const line of text.split('\n')) {
    const [hosts = '', , key] = line.trim().split(/\s+/)
    // Markers (@cert-authority, @revoked) are not plain trust: never read as a key to accept.
    if (!key || hosts.startsWith('#') || hosts.startsWith('@')) continue
    if (hosts.split(',').some((pattern) => nameMatches(pattern, name)))
      out.push(
        `SHA256:${createHash('sha256').update(Buffer.from(key, 'base64')).digest('base64').replace(/=+$/, '')}`,
      )
  }
  return out
}

/**
 * The fingerprints OpenSSH trusts for host:port in `file` (default ~/.ssh/known_hosts). A missing file holds
 * none; an unreadable one is an error, so a permissions problem is not mistaken for "unknown host".
 */
export function opensshHostKeys(host: string, port: number, file = defaultOpensshKnownHostsFile()): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new Error(`${file} cannot be read: ${(error as Error).message}`, { cause: error })
  }
  return opensshHostKeysIn(text, host, port)
}
