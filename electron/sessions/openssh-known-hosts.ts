/**
 * OpenSSH's own trust store (~/.ssh/known_hosts), read only: which host keys it holds for a host and port, and
 * which it revokes. The format is sshd(8)'s "SSH_KNOWN_HOSTS FILE FORMAT": an optional marker (`@revoked`,
 * `@cert-authority`), a comma-separated list of host patterns (`*` and `?` wildcards, `!` negation,
 * `[host]:port` for a port other than 22, or one hashed `|1|salt|hash` name made by `ssh-keygen -H`), the key
 * type, the base64 key and a comment. No maintained npm parser exists for it, so it is taught here, in one place.
 * Rackside's own store is known-hosts.ts; this file never writes.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { sha256Fingerprint } from './host-key'

/** The file OpenSSH reads by default for the current user. */
export function defaultOpensshKnownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts')
}

/** One usable line of a known_hosts file. */
export interface OpensshKnownHostsLine {
  /** 1-based, for messages that point at the line. */
  line: number
  marker?: 'revoked' | 'cert-authority'
  /** The host patterns as written (a hashed entry is one `|1|…` pattern). */
  patterns: string[]
  hashed: boolean
  keyType: string
  fingerprint: string
}

/** The name OpenSSH files a host under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

/** OpenSSH's match_pattern: `*` any run of characters, `?` one character, case-insensitive for host names. */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`).test(name.toLowerCase())
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, , salt = '', hash = ''] = pattern.split('|')
  if (!salt || !hash) return false
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
}

/**
 * Whether a line's patterns name `name` (already in `[host]:port` form), as OpenSSH's match_hostname does: a
 * negated pattern that matches rules the line out whatever else matches; otherwise any positive match counts.
 */
export function patternsMatch(patterns: readonly string[], name: string): boolean {
  let positive = false
  for (const pattern of patterns) {
    if (pattern.startsWith('|1|')) {
      if (hashedMatches(pattern, name)) positive = true
      continue
    }
    const negated = pattern.startsWith('!')
    const body = negated ? pattern.slice(1) : pattern
    if (!globMatches(body, name)) continue
    if (negated) return false
    positive = true
  }
  return positive
}

/** The lines of a known_hosts text that hold a key; comments, blank and malformed lines are skipped. */
export function parseOpensshKnownHosts(text: string): OpensshKnownHostsLine[] {
  const out: OpensshKnownHostsLine[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/)
    if (!fields[0] || fields[0].startsWith('#')) return
    let marker: OpensshKnownHostsLine['marker']
    if (fields[0].startsWith('@')) {
      const name = fields.shift()
      if (name === '@revoked') marker = 'revoked'
      else if (name === '@cert-authority') marker = 'cert-authority'
      else return // an unknown marker: OpenSSH skips the line too
    }
    const [hosts, keyType, key] = fields
    if (!hosts || !keyType || !key || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return
    const blob = Buffer.from(key, 'base64')
    if (blob.length < 8) return
    const patterns = hosts.split(',').filter(Boolean)
    out.push({
      line: index + 1,
      ...(marker ? { marker } : {}),
      patterns,
      hashed: patterns.some((p) => p.startsWith('|1|')),
      keyType,
      fingerprint: sha256Fingerprint(blob),
    })
  })
  return out
}

/** What a known_hosts text says about host:port. */
export interface OpensshVerdictFacts {
  /** Fingerprints it trusts for host:port (`SHA256:…`). */
  keys: string[]
  /** Fingerprints it revokes for host:port: never to be accepted, whatever else trusts them. */
  revoked: string[]
  /** How many @cert-authority lines name host:port: Rackside does not check certificates, so they are ignored. */
  certAuthorities: number
}

export function opensshFactsIn(text: string, host: string, port: number): OpensshVerdictFacts {
  const name = knownHostsName(host, port)
  const facts: OpensshVerdictFacts = { keys: [], revoked: [], certAuthorities: 0 }
  for (const entry of parseOpensshKnownHosts(text)) {
    if (!patternsMatch(entry.patterns, name)) continue
    if (entry.marker === 'revoked') facts.revoked.push(entry.fingerprint)
    else if (entry.marker === 'cert-authority') facts.certAuthorities++
    else facts.keys.push(entry.fingerprint)
  }
  return facts
}

/** SHA-256 fingerprints (`SHA256:…`) that the known_hosts text `text` trusts for host:port. */
export function opensshHostKeysIn(text: string, host: string, port: number): string[] {
  return opensshFactsIn(text, host, port).keys
}

/**
 * The text of `file`; a missing file is empty, an unreadable one is an error, so a permissions problem is not
 * mistaken for "unknown host".
 */
export function readOpensshKnownHosts(file = defaultOpensshKnownHostsFile()): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw new Error(`${file} cannot be read: ${(error as Error).message}`, { cause: error })
  }
}

/** What `file` (default ~/.ssh/known_hosts) says about host:port. */
export function opensshFacts(
  host: string,
  port: number,
  file = defaultOpensshKnownHostsFile(),
): OpensshVerdictFacts {
  return opensshFactsIn(readOpensshKnownHosts(file), host, port)
}

/** The fingerprints OpenSSH trusts for host:port in `file` (default ~/.ssh/known_hosts). */
export function opensshHostKeys(host: string, port: number, file = defaultOpensshKnownHostsFile()): string[] {
  return opensshFacts(host, port, file).keys
}

/** A key a known_hosts file names by a plain host, which Rackside can import. */
export interface ImportableHostKey {
  host: string
  port: number
  keyType: string
  fingerprint: string
  line: number
}

/**
 * The keys of a known_hosts text that name one host plainly (`host` or `[host]:port`), for import; and what
 * cannot be listed: hashed names (they can only be matched against a name you give), wildcard or negated
 * patterns, @cert-authority lines. A revoked key is never offered.
 */
export function importableHostKeys(text: string): {
  keys: ImportableHostKey[]
  hashed: number
  patterns: number
  certAuthorities: number
  revoked: number
} {
  const result = { keys: [] as ImportableHostKey[], hashed: 0, patterns: 0, certAuthorities: 0, revoked: 0 }
  const lines = parseOpensshKnownHosts(text)
  const revoked = new Set(lines.filter((l) => l.marker === 'revoked').map((l) => l.fingerprint))
  for (const entry of lines) {
    if (entry.marker === 'revoked') {
      result.revoked++
      continue
    }
    if (entry.marker === 'cert-authority') {
      result.certAuthorities++
      continue
    }
    if (entry.hashed) {
      result.hashed++
      continue
    }
    if (revoked.has(entry.fingerprint)) continue
    for (const pattern of entry.patterns) {
      if (/[*?!]/.test(pattern)) {
        result.patterns++
        continue
      }
      const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(pattern)
      const host = bracketed ? bracketed[1]! : pattern
      const port = bracketed ? Number(bracketed[2]) : 22
      if (port < 1 || port > 65535 || !/^[A-Za-z0-9.:_-]+$/.test(host) || host.startsWith('-')) continue
      result.keys.push({
        host,
        port,
        keyType: entry.keyType,
        fingerprint: entry.fingerprint,
        line: entry.line,
      })
    }
  }
  return result
}
