/**
 * ProxyJump through ssh2's own forwarding, as `ssh -J` does: log in to the first bastion, open a direct-tcpip
 * channel (`forwardOut`) from it to the next hop, run the next SSH connection over that channel (`sock`), and so
 * on until the channel reaches the appliance. Every hop's host key is checked against the trust store like the
 * appliance's: a bastion is never trusted blindly.
 */
import { readFileSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { ConnectConfig } from 'ssh2'
import { RacksideError } from '../../shared/api'
import { sha256Fingerprint } from './host-key'
import { readSshConfig, resolveProxyJump, type ResolvedJump } from './ssh-config'
import type { HostKeyDecision } from './ssh-session'

const { Client } = ssh2

export interface JumpHop {
  host: string
  port: number
  username: string
  /** A private key file (IdentityFile), already expanded; a key with a passphrase needs the agent. */
  keyPath?: string
  /** The agent socket (SSH_AUTH_SOCK). */
  agent?: string
  /** A password the caller already holds (never saved in a profile). */
  password?: string
  verifyHostKey: (fingerprint: string) => HostKeyDecision
}

export interface JumpChain {
  /** The channel to the target, to pass as `sock` to its SSH connection. */
  sock: Duplex
  /** Ends every hop's connection, last hop first. */
  close(): void
}

function hopRefusal(where: string, presented: string, decision: HostKeyDecision): RacksideError {
  if (decision.status === 'revoked')
    return new RacksideError({ code: 'host-key-mismatch', message: decision.message })
  if (decision.status === 'changed')
    return new RacksideError({
      code: 'host-key-mismatch',
      message: `STOP: the jump host ${where} presented host key ${presented}, but it is known as ${decision.expected}. Someone may be intercepting the connection. Nothing was sent to the appliance.`,
    })
  return new RacksideError({
    code: 'connection-failed',
    message: `The jump host ${where} is not known to Rackside or ~/.ssh/known_hosts; its host key is ${presented}. Check it with its administrator, then add it (ssh to it once, or a Rackside profile for it), and connect again. Nothing was sent.`,
  })
}

/** Logs in to one hop over `sock` (or TCP for the first) and opens a channel from it to host:port. */
function hop(
  spec: JumpHop,
  sock: Duplex | undefined,
  next: { host: string; port: number },
  timeoutMs: number,
): Promise<{ client: InstanceType<typeof Client>; channel: Duplex }> {
  const where = `${spec.host}:${spec.port}`
  return new Promise((resolve, reject) => {
    const client = new Client()
    let refusal: RacksideError | undefined
    let settled = false
    const fail = (error: RacksideError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      client.destroy()
      reject(error)
    }
    const timer = setTimeout(
      () =>
        fail(
          new RacksideError({
            code: 'connection-failed',
            message: `The jump host ${where} did not answer in time.`,
          }),
        ),
      timeoutMs,
    )
    client.on('error', (error: Error & { level?: string }) =>
      fail(
        refusal ??
          new RacksideError({
            code: error.level === 'client-authentication' ? 'auth-failed' : 'connection-failed',
            message:
              error.level === 'client-authentication'
                ? `The jump host ${where} refused ${spec.username}'s login (${spec.keyPath ? `key ${spec.keyPath}` : spec.agent ? 'the SSH agent' : 'no key or agent'}). Nothing was sent to the appliance.`
                : `The jump host ${where} could not be reached: ${error.message}`,
          }),
      ),
    )
    client.on('close', () =>
      fail(
        refusal ??
          new RacksideError({
            code: 'connection-failed',
            message: `The jump host ${where} closed the connection.`,
          }),
      ),
    )
    client.on('ready', () => {
      client.forwardOut('127.0.0.1', 0, next.host, next.port, (error, channel) => {
        if (error)
          return fail(
            new RacksideError({
              code: 'connection-failed',
              message: `The jump host ${where} would not forward to ${next.host}:${next.port}: ${error.message}. Does it allow TCP forwarding (AllowTcpForwarding)?`,
            }),
          )
        settled = true
        clearTimeout(timer)
        resolve({ client, channel })
      })
    })
    let privateKey: Buffer | undefined
    if (spec.keyPath) {
      try {
        privateKey = readFileSync(spec.keyPath)
      } catch (error) {
        return fail(
          new RacksideError({
            code: 'auth-failed',
            message: `The jump host's key file ${spec.keyPath} cannot be read: ${(error as Error).message}.`,
          }),
        )
      }
    }
    const config: ConnectConfig = {
      host: spec.host,
      port: spec.port,
      username: spec.username,
      readyTimeout: 0,
      ...(sock ? { sock } : {}),
      ...(privateKey ? { privateKey } : {}),
      ...(spec.agent ? { agent: spec.agent } : {}),
      ...(spec.password !== undefined ? { password: spec.password } : {}),
      hostVerifier: (key: Buffer) => {
        const presented = sha256Fingerprint(key)
        const decision = spec.verifyHostKey(presented)
        if (decision.status === 'trusted') return true
        refusal = hopRefusal(where, presented, decision)
        return false
      },
    }
    client.connect(config)
  })
}

/** Opens the chain of hops to target; on any failure every hop opened so far is closed. */
export async function openJumpChain(
  hops: readonly JumpHop[],
  target: { host: string; port: number },
  timeoutMs = 10_000,
): Promise<JumpChain> {
  const clients: InstanceType<typeof Client>[] = []
  const close = () => {
    for (const client of [...clients].reverse()) client.end()
  }
  let sock: Duplex | undefined
  try {
    for (const [index, spec] of hops.entries()) {
      const following = hops[index + 1]
      const next = following ? { host: following.host, port: following.port } : target
      const opened = await hop(spec, sock, next, timeoutMs)
      clients.push(opened.client)
      sock = opened.channel
    }
  } catch (error) {
    close()
    throw error
  }
  if (!sock)
    throw new RacksideError({ code: 'invalid-request', message: 'A jump chain needs at least one hop.' })
  return { sock, close }
}

/**
 * The hops of a profile's jump host (`bastion`, `ops@jump:2222`, a chain), each resolved through ~/.ssh/config
 * as `ssh -J` does, logging in with its IdentityFile and the agent, and checked with `verifierFor`.
 */
export function jumpHops(
  jumpHost: string,
  options: {
    verifierFor: (host: string, port: number) => (fingerprint: string) => HostKeyDecision
    agent?: string
    configText?: string
  },
): JumpHop[] {
  let hops: ResolvedJump[]
  try {
    hops = resolveProxyJump(options.configText ?? readSshConfig(), jumpHost)
  } catch (error) {
    throw new RacksideError({ code: 'invalid-request', message: (error as Error).message })
  }
  return hops.map((h) => ({
    host: h.host,
    port: h.port,
    username: h.user,
    ...(h.identityFile !== undefined ? { keyPath: h.identityFile } : {}),
    ...(options.agent ? { agent: options.agent } : {}),
    verifyHostKey: options.verifierFor(h.host, h.port),
  }))
}
