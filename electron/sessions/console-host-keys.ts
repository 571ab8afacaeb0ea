/**
 * A console's host keys: the verdict on the key an SSH console is shown (remembered, accepted once, changed), the
 * key read over a serial console (`sysconf fingerprint ssh`) and pinned for the appliance's SSH address, and the
 * list the operator sees, accepts from and forgets from.
 */
import { RacksideError, type ProfileSpec } from '../../shared/api'
import { parseSshFingerprint } from '../../shared/lunash/parse/sysconf'
import { sameFingerprint } from './host-key'
import type { KnownHost, KnownHosts } from './known-hosts'
import type { ConsoleSession } from './session'
import { checkHostKey, hostKeyDecision, revokedMessage } from './known-hosts-trust'
import { jumpHops, type JumpHop } from './ssh-jump'
import { scanHostKey, type HostKeyDecision } from './ssh-session'

/** A serial console's SSH twin: where a fingerprint read over the cable is pinned. */
export interface PinTarget {
  host: string
  port: number
}

export interface ConsoleHostKeys {
  /** The check an SSH console makes of the key it is shown. */
  verifierFor(host: string, port: number): (presented: string) => HostKeyDecision
  /** A profile's bastions (ProxyJump) as ssh-session takes them, each checked by the same stores. */
  jumpOf(ssh: { jumpHost?: string | undefined }): { jump?: JumpHop[] }
  /** Watches a serial console for `sysconf fingerprint ssh` and pins what it prints for the appliance. */
  watchSerial(session: ConsoleSession, target: PinTarget | undefined): void
  pinFromSerial(
    session: ConsoleSession,
    target: { address?: string; port?: number },
  ): Promise<{ host: string; port: number; fingerprint: string }>
  scanHostKey(profileId: string): Promise<{
    host: string
    port: number
    fingerprint: string
    algorithm: string
    status: 'trusted' | 'unknown' | 'changed'
    remembered?: string
  }>
  acceptHostKey(profileId: string, fingerprint: string, remember: boolean): void
  /** The host keys Rackside remembers, oldest first. */
  listHostKeys(): KnownHost[]
  /**
   * Forgets the key remembered for host:port, so the next connection there is a first contact again. Refused
   * (nothing changed) when nothing is remembered there or the key there is not `fingerprint` (the list the
   * operator looked at is out of date).
   */
  forgetHostKey(host: string, port: number, fingerprint: string): void
}

const fingerprintBlock = /sysconf fingerprint ssh[\s\S]*?Command Result\s*:\s*(\d+)/i

export function createConsoleHostKeys(
  knownHosts: KnownHosts,
  specFor: (profileId: string) => ProfileSpec,
  /** The SSH agent socket, for logging in to bastions. */
  sshAgent?: string,
): ConsoleHostKeys {
  /** "Accept once": host:port → fingerprint, consumed by the next connection. */
  const acceptedOnce = new Map<string, string>()
  /** Serial sessions and the appliance address a fingerprint read there belongs to. */
  const pinTargets = new WeakMap<ConsoleSession, PinTarget>()
  /** The last output of each serial session, to see the prompt and the fingerprint read-back. */
  const tails = new WeakMap<ConsoleSession, { text: string }>()
  const pinListeners = new WeakMap<ConsoleSession, Set<(fp: string) => void>>()

  /** Watches a serial console for `sysconf fingerprint ssh` and pins what it prints for the appliance. */
  const watchSerial = (session: ConsoleSession, target: PinTarget | undefined): void => {
    if (target) pinTargets.set(session, target)
    const tail = { text: '' }
    tails.set(session, tail)
    session.tap?.((text) => {
      // eslint-disable-next-line no-control-regex -- strip escape sequences before matching
      tail.text = (tail.text + text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).slice(-8192)
      const match = fingerprintBlock.exec(tail.text)
      if (!match) return
      const block = match[0]
      tail.text = tail.text.slice(match.index + block.length)
      const parsed = parseSshFingerprint(block)
      const pin = pinTargets.get(session)
      if (match[1] !== '0' || !parsed.ok || !pin) return
      const sha = parsed.value.fingerprints.filter((f) => f.algorithm === 'SHA256').map((f) => f.value)
      const [first, ...rest] = sha
      if (!first) return
      knownHosts.remember(pin.host, pin.port, first, 'serial-console', rest)
      for (const listener of pinListeners.get(session) ?? []) listener(first)
    })
  }

  // Rackside's store and ~/.ssh/known_hosts, the same decision the CLI makes (known-hosts-trust.ts).
  const verifierFor =
    (host: string, port: number) =>
    (presented: string): HostKeyDecision => {
      const once = acceptedOnce.get(`${host}:${port}`)
      if (once !== undefined) {
        acceptedOnce.delete(`${host}:${port}`)
        if (once === presented) return { status: 'trusted' }
      }
      return hostKeyDecision(checkHostKey(knownHosts, host, port, presented), `${host}:${port}`, presented)
    }
  const jumpOf = (ssh: { jumpHost?: string | undefined }): { jump?: JumpHop[] } =>
    ssh.jumpHost
      ? { jump: jumpHops(ssh.jumpHost, { verifierFor, ...(sshAgent ? { agent: sshAgent } : {}) }) }
      : {}

  return {
    verifierFor,
    jumpOf,
    watchSerial,

    async pinFromSerial(session, target) {
      if (session.kind !== 'serial')
        throw new RacksideError({
          code: 'invalid-request',
          message: 'Pinning reads the fingerprint over the serial cable: use it in a serial console tab.',
        })
      if (target.address) pinTargets.set(session, { host: target.address, port: target.port ?? 22 })
      const pin = pinTargets.get(session)
      if (!pin)
        throw new RacksideError({
          code: 'invalid-request',
          message:
            "Rackside does not know this appliance's SSH address. Enter it (the address of eth0) and try again.",
        })
      const tail = tails.get(session)
      if (!tail || !/lunash:>\s*$/.test(tail.text))
        throw new RacksideError({
          code: 'busy',
          message:
            'The lunash:> prompt is not showing. Log in on the serial console first, then pin the key.',
        })
      const fingerprint = await new Promise<string>((resolve, reject) => {
        const listeners = pinListeners.get(session) ?? new Set()
        pinListeners.set(session, listeners)
        const timer = setTimeout(() => {
          listeners.delete(done)
          reject(
            new RacksideError({
              code: 'connection-failed',
              message: 'The appliance did not print its SSH fingerprint within 15 s. Nothing was pinned.',
            }),
          )
        }, 15_000)
        const done = (fp: string) => {
          clearTimeout(timer)
          listeners.delete(done)
          resolve(fp)
        }
        listeners.add(done)
        session.write('sysconf fingerprint ssh\r')
      })
      return { host: pin.host, port: pin.port, fingerprint }
    },

    async scanHostKey(profileId) {
      const spec = specFor(profileId)
      if (spec.kind !== 'ssh')
        throw new RacksideError({ code: 'invalid-request', message: 'Only SSH profiles have a host key.' })
      const { host, port } = spec.ssh
      const { fingerprint, algorithm } = await scanHostKey(host, port, {
        legacyAlgorithms: spec.ssh.legacyAlgorithms,
        ...jumpOf(spec.ssh),
      })
      const verdict = checkHostKey(knownHosts, host, port, fingerprint)
      return {
        host,
        port,
        fingerprint,
        algorithm,
        // A revoked key is as much a hard stop as a changed one: never offered for acceptance.
        status: verdict.status === 'revoked' ? 'changed' : verdict.status,
        ...(verdict.status === 'changed' ? { remembered: verdict.expected } : {}),
      }
    },

    acceptHostKey(profileId, fingerprint, remember) {
      const spec = specFor(profileId)
      if (spec.kind !== 'ssh')
        throw new RacksideError({ code: 'invalid-request', message: 'Only SSH profiles have a host key.' })
      const { host, port } = spec.ssh
      const verdict = checkHostKey(knownHosts, host, port, fingerprint)
      if (verdict.status === 'revoked')
        throw new RacksideError({
          code: 'host-key-mismatch',
          message: revokedMessage(`${host}:${port}`, fingerprint, verdict.from),
        })
      if (verdict.status === 'changed')
        throw new RacksideError({
          code: 'host-key-mismatch',
          message: `Rackside already knows ${host}:${port} by another key (${verdict.expected}, in ${verdict.from}). A changed key cannot be accepted here: compare with \`sysconf fingerprint ssh\` on the serial console and pin it from there.`,
        })
      if (remember) knownHosts.remember(host, port, fingerprint, 'accepted')
      else acceptedOnce.set(`${host}:${port}`, fingerprint)
    },

    listHostKeys: () => knownHosts.list(),

    forgetHostKey(host, port, fingerprint) {
      const known = knownHosts.lookup(host, port)
      if (!known)
        throw new RacksideError({
          code: 'not-found',
          message: `Rackside remembers no host key for ${host}:${port}. Nothing was forgotten.`,
        })
      if (!sameFingerprint(known.fingerprint, fingerprint))
        throw new RacksideError({
          code: 'invalid-request',
          message: `The key Rackside remembers for ${host}:${port} is ${known.fingerprint}, not ${fingerprint}. Nothing was forgotten; reload the list and try again.`,
        })
      knownHosts.forget(host, port)
      // An "accept once" still waiting for its connection goes too: the next connection asks again.
      acceptedOnce.delete(`${host}:${port}`)
    },
  }
}
