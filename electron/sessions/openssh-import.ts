/**
 * What the operator's OpenSSH files offer the app: the Host aliases of ~/.ssh/config for a new profile, and the
 * keys of ~/.ssh/known_hosts to import into Rackside's store. Both re-read the files on every call, and an
 * import takes only keys the file really lists: the renderer's word is not trust.
 */
import type { Result } from '../../shared/api'
import { sameFingerprint } from './host-key'
import type { KnownHosts } from './known-hosts'
import { opensshFileLabel } from './known-hosts-trust'
import {
  defaultOpensshKnownHostsFile,
  importableHostKeys,
  readOpensshKnownHosts,
} from './openssh-known-hosts'
import { defaultSshConfigFile, readSshConfig, resolveSshHost, sshConfigAliases } from './ssh-config'

export function sshConfigHosts(file = defaultSshConfigFile()): Result<'profiles.sshConfigHosts'> {
  let text: string
  try {
    text = readSshConfig(file)
  } catch (error) {
    return { file, hosts: [], problem: (error as Error).message }
  }
  const hosts = sshConfigAliases(text).map((alias) => {
    const r = resolveSshHost(text, alias)
    return {
      alias,
      hostName: r.hostName,
      port: r.port,
      ...(r.user !== undefined ? { user: r.user } : {}),
      ...(r.identityFile !== undefined ? { keyPath: r.identityFile } : {}),
      ...(r.proxyJump !== undefined ? { jumpHost: r.proxyJump } : {}),
    }
  })
  return { file, hosts }
}

export function opensshImportable(
  store: KnownHosts,
  file = defaultOpensshKnownHostsFile(),
): Result<'hostKeys.opensshList'> {
  const label = opensshFileLabel(file)
  let text: string
  try {
    text = readOpensshKnownHosts(file)
  } catch (error) {
    return {
      file: label,
      keys: [],
      hashed: 0,
      patterns: 0,
      certAuthorities: 0,
      revoked: 0,
      problem: (error as Error).message,
    }
  }
  const found = importableHostKeys(text)
  return {
    file: label,
    ...found,
    keys: found.keys.map((k) => ({
      host: k.host,
      port: k.port,
      keyType: k.keyType,
      fingerprint: k.fingerprint,
      known: store.check(k.host, k.port, k.fingerprint).status === 'trusted',
    })),
  }
}

/**
 * Remembers the chosen keys, grouped per host:port (an appliance's ED25519, ECDSA and RSA keys become one entry
 * with alternates). A host:port Rackside already knows by a key the file does not list is refused, not
 * overwritten: a changed key is settled over the serial console, not by an import.
 */
export function importOpensshKeys(
  store: KnownHosts,
  chosen: readonly { host: string; port: number; fingerprint: string }[],
  file = defaultOpensshKnownHostsFile(),
): Result<'hostKeys.importOpenssh'> {
  const label = opensshFileLabel(file)
  const listed = importableHostKeys(readOpensshKnownHosts(file)).keys
  const groups = new Map<string, { host: string; port: number; fingerprints: string[] }>()
  const refused: string[] = []
  for (const want of chosen) {
    const entry = listed.find(
      (k) =>
        k.host.toLowerCase() === want.host.toLowerCase() &&
        k.port === want.port &&
        sameFingerprint(k.fingerprint, want.fingerprint),
    )
    if (!entry) {
      refused.push(`${want.host}:${want.port} ${want.fingerprint} is not listed in ${label}.`)
      continue
    }
    const id = `${entry.host.toLowerCase()}:${entry.port}`
    const group = groups.get(id) ?? { host: entry.host, port: entry.port, fingerprints: [] }
    if (!group.fingerprints.includes(entry.fingerprint)) group.fingerprints.push(entry.fingerprint)
    groups.set(id, group)
  }
  let imported = 0
  for (const { host, port, fingerprints } of groups.values()) {
    const known = store.lookup(host, port)
    if (known) {
      const keys = [known.fingerprint, ...(known.alternates ?? [])]
      const fresh = fingerprints.filter((f) => !keys.some((k) => sameFingerprint(k, f)))
      if (fresh.length === fingerprints.length) {
        refused.push(
          `${host}:${port}: Rackside knows it by another key (${known.fingerprint}); compare with sysconf fingerprint ssh on the serial console.`,
        )
        continue
      }
      if (fresh.length === 0) continue
      store.remember(host, port, known.fingerprint, known.source, [...(known.alternates ?? []), ...fresh])
      imported += fresh.length
      continue
    }
    const [first, ...rest] = fingerprints
    if (!first) continue
    store.remember(host, port, first, 'openssh', rest)
    imported += fingerprints.length
  }
  return { imported, refused }
}
