/**
 * Rackside's own known-hosts store: `known-hosts.json` in the app's data folder, one SHA-256 fingerprint per
 * host:port, written atomically (a temporary file renamed over the old one). It does not read or write
 * OpenSSH's ~/.ssh/known_hosts. Keys come from "Accept and remember" or from a serial console
 * (`sysconf fingerprint ssh`), which is the way to trust an appliance without trusting the network.
 */
import { writeFileAtomic } from '../write-file-atomic'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sameFingerprint } from './host-key'

export interface KnownHost {
  host: string
  port: number
  fingerprint: string
  /** Other keys of the same appliance (it may hold ED25519, ECDSA and RSA keys), read from its console. */
  alternates?: string[]
  /** How Rackside came to trust it. */
  source: 'accepted' | 'serial-console' | 'pinned' | 'openssh'
  addedAt: string
}

export type HostKeyVerdict =
  | { status: 'trusted'; known: KnownHost }
  | { status: 'unknown' }
  | { status: 'changed'; known: KnownHost }

export interface KnownHosts {
  readonly path: string
  lookup(host: string, port: number): KnownHost | undefined
  check(host: string, port: number, fingerprint: string): HostKeyVerdict
  remember(
    host: string,
    port: number,
    fingerprint: string,
    source: KnownHost['source'],
    alternates?: string[],
  ): KnownHost
  forget(host: string, port: number): void
  list(): KnownHost[]
}

/** Profiles write through the same helper. */
export { writeFileAtomic }

const key = (host: string, port: number) => `${host.toLowerCase()}:${port}`

export function openKnownHosts(dataDir: string): KnownHosts {
  const path = join(dataDir, 'known-hosts.json')
  const load = (): KnownHost[] => {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { hosts?: unknown }
      if (!Array.isArray(parsed.hosts)) return []
      return parsed.hosts.filter(
        (h): h is KnownHost =>
          typeof h === 'object' &&
          h !== null &&
          typeof (h as KnownHost).host === 'string' &&
          typeof (h as KnownHost).port === 'number' &&
          typeof (h as KnownHost).fingerprint === 'string',
      )
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new Error(`Rackside's known-hosts file ${path} is unreadable: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }
  const save = (hosts: KnownHost[]) =>
    writeFileAtomic(path, JSON.stringify({ version: 1, hosts }, null, 2) + '\n')

  const store: KnownHosts = {
    path,
    lookup: (host, port) => load().find((h) => key(h.host, h.port) === key(host, port)),
    check(host, port, fingerprint) {
      const known = store.lookup(host, port)
      if (!known) return { status: 'unknown' }
      // An appliance read from its console may offer any of its keys; which one depends on the algorithms.
      return [known.fingerprint, ...(known.alternates ?? [])].some((f) => sameFingerprint(f, fingerprint))
        ? { status: 'trusted', known }
        : { status: 'changed', known }
    },
    remember(host, port, fingerprint, source, alternates) {
      const entry: KnownHost = {
        host,
        port,
        fingerprint,
        ...(alternates?.length ? { alternates } : {}),
        source,
        addedAt: new Date().toISOString(),
      }
      save([...load().filter((h) => key(h.host, h.port) !== key(host, port)), entry])
      return entry
    },
    forget(host, port) {
      save(load().filter((h) => key(h.host, h.port) !== key(host, port)))
    },
    list: () => load(),
  }
  return store
}
