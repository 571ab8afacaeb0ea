/**
 * Which SSH host keys `rackside status` trusts, never blindly: the key given with --host-key; else the one
 * Rackside remembers (the app's known-hosts store, where "Accept and remember" and a key pinned from the serial
 * console go); else OpenSSH's known_hosts. A host none of them knows is refused with what to do.
 */
import { sameFingerprint } from '../sessions/host-key'
import { openKnownHosts } from '../sessions/known-hosts'
import { checkHostKey, hostKeyDecision, revokedMessage } from '../sessions/known-hosts-trust'
import { defaultOpensshKnownHostsFile } from '../sessions/openssh-known-hosts'
import type { HostKeyDecision } from '../sessions/ssh-session'
import { CliError, usageError } from './errors'

export interface HostTrust {
  /** Given to openSshSession: the pinned fingerprint, or the stores' verdict on what the server presents. */
  readonly pinned?: string
  verify(fingerprint: string): HostKeyDecision
  /** Why a refused key was refused, once the session has said it was (`host-key-unknown` / `-mismatch`). */
  refusal(code: string): CliError | undefined
  /** The check for a bastion on the way (ProxyJump): Rackside's store and known_hosts, as in the app. */
  hop(host: string, port: number): (fingerprint: string) => HostKeyDecision
}

export function checkFingerprintOption(text: string): string {
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(text))
    throw usageError(`--host-key ${text} is not a SHA256:... fingerprint (43 base64 characters).`)
  return text
}

export function hostTrust(options: {
  host: string
  port: number
  hostKey?: string
  dataDir: string
  /** OpenSSH's known_hosts file (--known-hosts); default ~/.ssh/known_hosts. */
  knownHostsFile?: string
}): HostTrust {
  const where = `${options.host}:${options.port}`
  const opensshFile = options.knownHostsFile ?? defaultOpensshKnownHostsFile()
  const hop = (host: string, port: number) => (fingerprint: string) =>
    hostKeyDecision(
      checkHostKey(openKnownHosts(options.dataDir), host, port, fingerprint, opensshFile),
      `${host}:${port}`,
      fingerprint,
    )
  let presented: string | undefined
  let expected: { fingerprint: string; from: string } | undefined
  let revoked: string | undefined
  const howToTrust =
    `give --host-key SHA256:... (read it over the serial console with sysconf fingerprint ssh), ` +
    `accept it in Rackside, or add it to ${opensshFile}`

  if (options.hostKey !== undefined) {
    const pinned = checkFingerprintOption(options.hostKey)
    return {
      pinned,
      hop,
      verify: (fingerprint) => {
        presented = fingerprint
        return sameFingerprint(fingerprint, pinned)
          ? { status: 'trusted' }
          : { status: 'changed', expected: pinned }
      },
      refusal: (code) =>
        code === 'host-key-mismatch'
          ? new CliError(
              `The host key of ${where}${presented ? ` (${presented})` : ''} is not the one pinned (${pinned}); nothing was sent.`,
            )
          : undefined,
    }
  }

  return {
    hop,
    verify(fingerprint) {
      presented = fingerprint
      // The same decision as the app's: Rackside's store and OpenSSH's, a revoked key refused outright.
      const verdict = checkHostKey(
        openKnownHosts(options.dataDir),
        options.host,
        options.port,
        fingerprint,
        opensshFile,
      )
      if (verdict.status === 'revoked') {
        revoked = verdict.from
        return { status: 'revoked', message: revokedMessage(where, fingerprint, verdict.from) }
      }
      if (verdict.status === 'changed') {
        expected = { fingerprint: verdict.expected, from: verdict.from }
        return { status: 'changed', expected: verdict.expected }
      }
      return verdict.status === 'trusted' ? { status: 'trusted' } : { status: 'unknown' }
    },
    refusal(code) {
      if (code === 'host-key-mismatch' && revoked !== undefined && presented)
        return new CliError(revokedMessage(where, presented, revoked))
      if (code === 'host-key-unknown')
        return new CliError(
          `The host key of ${where}${presented ? ` (${presented})` : ''} is unknown: ${howToTrust}. Nothing was sent.`,
        )
      if (code === 'host-key-mismatch' && expected)
        return new CliError(
          `STOP: ${where} presented host key ${presented}, but ${expected.from} knows it as ${expected.fingerprint}: someone may be intercepting the connection, or the appliance was re-keyed. Nothing was sent; compare with sysconf fingerprint ssh on the serial console.`,
        )
      return undefined
    },
  }
}
