/**
 * The appliance's SSH host key as the console sees it: what the trust store can say about a presented key, the
 * words for a changed key, and the scan that reads a server's key on first contact without logging in.
 */
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import { RacksideError } from '../../shared/api'
import { sha256Fingerprint } from './host-key'
import { describeConnectError, legacyAlgorithms } from './ssh-connect'
import { openJumpChain, type JumpHop } from './ssh-jump'

const { Client } = ssh2

/** What the host-key store says about a presented fingerprint. */
export type HostKeyDecision =
  /** `note`: said in the console once the key is verified (e.g. "known from ~/.ssh/known_hosts"). */
  | { status: 'trusted'; note?: string }
  | { status: 'unknown' }
  /** `from`: where the expected key is kept, when not Rackside's own store (e.g. `~/.ssh/known_hosts`). */
  | { status: 'changed'; expected: string; from?: string }
  /** Marked @revoked in known_hosts: a hard stop; `message` says so. */
  | { status: 'revoked'; message: string }

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`…). */
export function keyAlgorithm(key: Buffer): string {
  if (key.length < 4) return 'unknown'
  const n = key.readUInt32BE(0)
  return n > 0 && n < 64 && key.length >= 4 + n ? key.subarray(4, 4 + n).toString('latin1') : 'unknown'
}

export function hostKeyChangedMessage(
  where: string,
  presented: string,
  expected: string,
  from = 'Rackside',
): string {
  return (
    `STOP: ${where} presented host key ${presented}, but ${from} knows this appliance as ${expected}. ` +
    'Someone may be intercepting the connection (man-in-the-middle), or the appliance was re-imaged or re-keyed. ' +
    'Rackside did not log in and sent no password. Compare with `sysconf fingerprint ssh` on the serial console; ' +
    'if the appliance really has a new key, pin it from the serial console.'
  )
}

/**
 * Reads the host key a server presents, without logging in: the fingerprint to show the operator on first
 * contact. Never sends a user name or password (the verifier refuses the key, ending the handshake).
 */
export function scanHostKey(
  host: string,
  port: number,
  options: { legacyAlgorithms?: boolean; timeoutMs?: number; jump?: readonly JumpHop[] } = {},
): Promise<{ fingerprint: string; algorithm: string }> {
  // Behind a bastion the appliance is reached only through it: scan over the same chain (hops verified).
  if (options.jump?.length) {
    const { jump, ...rest } = options
    return openJumpChain(jump, { host, port }, options.timeoutMs).then((chain) =>
      scanOver(host, port, rest, chain.sock).finally(() => chain.close()),
    )
  }
  return scanOver(host, port, options)
}

function scanOver(
  host: string,
  port: number,
  options: { legacyAlgorithms?: boolean; timeoutMs?: number },
  sock?: Duplex,
): Promise<{ fingerprint: string; algorithm: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let found: { fingerprint: string; algorithm: string } | undefined
    const timer = setTimeout(() => {
      client.destroy()
      reject(
        new RacksideError({
          code: 'connection-failed',
          message: `${host}:${port} did not complete the SSH handshake.`,
        }),
      )
    }, options.timeoutMs ?? 10_000)
    const done = () => {
      clearTimeout(timer)
      if (found) resolve(found)
    }
    client.on('error', (err: Error & { code?: string }) => {
      done()
      if (!found)
        reject(
          new RacksideError({
            code: 'connection-failed',
            message: describeConnectError(err, host, port, options.legacyAlgorithms),
          }),
        )
    })
    client.on('close', () => {
      done()
      if (!found)
        reject(
          new RacksideError({ code: 'connection-failed', message: `${host}:${port} closed the connection.` }),
        )
    })
    client.connect({
      host,
      port,
      username: 'rackside-host-key-scan',
      ...(sock ? { sock } : {}),
      readyTimeout: 0,
      ...(options.legacyAlgorithms ? { algorithms: legacyAlgorithms } : {}),
      hostVerifier: (key: Buffer) => {
        found = { fingerprint: sha256Fingerprint(key), algorithm: keyAlgorithm(key) }
        return false
      },
      authHandler: (_m, _p, next) => next(false as never),
    })
  })
}
