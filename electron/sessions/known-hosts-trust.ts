/**
 * The one trust decision for an SSH host key, shared by the app and the CLI: Rackside's own store
 * (known-hosts.ts) and OpenSSH's ~/.ssh/known_hosts (openssh-known-hosts.ts), so a key pinned in the app helps
 * `rackside status` and a key OpenSSH already trusts needs no second first contact in the app.
 */
import { sameFingerprint } from './host-key'
import type { KnownHosts } from './known-hosts'
import { defaultOpensshKnownHostsFile, opensshFacts } from './openssh-known-hosts'
import type { HostKeyDecision } from './ssh-session'

export type TrustVerdict =
  | { status: 'trusted'; from: 'rackside' | 'openssh'; note?: string }
  | { status: 'unknown'; note?: string }
  | { status: 'changed'; expected: string; from: string }
  | { status: 'revoked'; from: string }

/** How the OpenSSH file is named to a person: `~/.ssh/known_hosts` for the default, the path otherwise. */
export function opensshFileLabel(file: string): string {
  return file === defaultOpensshKnownHostsFile() ? '~/.ssh/known_hosts' : file
}

/**
 * What the stores say about `fingerprint` presented by host:port. A key revoked in known_hosts is refused
 * whatever else trusts it (OpenSSH does the same); then Rackside's store decides if it knows the host; then
 * known_hosts. A host known by another key in either is "changed", a hard stop.
 */
export function checkHostKey(
  store: Pick<KnownHosts, 'check'>,
  host: string,
  port: number,
  fingerprint: string,
  opensshFile = defaultOpensshKnownHostsFile(),
): TrustVerdict {
  const label = opensshFileLabel(opensshFile)
  const openssh = opensshFacts(host, port, opensshFile)
  if (openssh.revoked.some((f) => sameFingerprint(f, fingerprint))) return { status: 'revoked', from: label }
  const note =
    openssh.certAuthorities > 0
      ? `${label} names a certificate authority for this host; Rackside does not check host certificates and ignored it.`
      : undefined
  const own = store.check(host, port, fingerprint)
  if (own.status === 'trusted') return { status: 'trusted', from: 'rackside' }
  if (own.status === 'changed')
    return { status: 'changed', expected: own.known.fingerprint, from: "Rackside's known hosts" }
  if (openssh.keys.some((f) => sameFingerprint(f, fingerprint)))
    return { status: 'trusted', from: 'openssh', note: `known from ${label}` }
  const [expected] = openssh.keys
  if (expected !== undefined) return { status: 'changed', expected, from: label }
  return { status: 'unknown', ...(note ? { note } : {}) }
}

/** The sentence for a revoked key: a hard stop, nothing sent. */
export function revokedMessage(where: string, presented: string, from: string): string {
  return (
    `STOP: ${where} presented host key ${presented}, which ${from} marks @revoked: it must never be accepted. ` +
    'Rackside did not log in and sent nothing. Ask whoever revoked it for the appliance’s current key, and ' +
    'compare with `sysconf fingerprint ssh` on the serial console.'
  )
}

/** The verdict as an SSH session takes it (ssh-session.ts): a revoked key carries its sentence. */
export function hostKeyDecision(verdict: TrustVerdict, where: string, presented: string): HostKeyDecision {
  switch (verdict.status) {
    case 'trusted':
      return verdict.note ? { status: 'trusted', note: verdict.note } : { status: 'trusted' }
    case 'unknown':
      return { status: 'unknown' }
    case 'changed':
      return verdict.from === "Rackside's known hosts"
        ? { status: 'changed', expected: verdict.expected }
        : { status: 'changed', expected: verdict.expected, from: verdict.from }
    case 'revoked':
      return { status: 'revoked', message: revokedMessage(where, presented, verdict.from) }
  }
}
