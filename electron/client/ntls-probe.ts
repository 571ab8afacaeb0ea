/**
 * Proves the Network Trust Link from inside Rackside: a mutual-TLS handshake to the appliance's NTLS port with
 * the client certificate and key, a check that the server presents exactly the server.pem that was pulled,
 * and, when the link is up, the partitions the appliance lets this client see. When it fails, it says why in
 * the operator's terms.
 *
 * TLS 1.3: the client's handshake completes before the server has judged the client certificate, so success is
 * decided by the application reply (or the alert / close that comes instead), never by `secureConnect`.
 *
 * The application step: the simulator answers `LIST\n` with one JSON line (simulator/transports/ntls-protocol.ts),
 * used with `mode: 'list'`. The real NTLS protocol is proprietary, so the default `mode: 'handshake'` sends nothing
 * after the handshake, waits a short grace period for a rejection and reports the link as up when none comes
 * (partitions then come from `vtl verify`).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import tls from 'node:tls'
import { certificateFingerprints, matchesReportedFingerprint } from './certs'

export const NTLS_PORT = 1792

export type NtlsProblem =
  | 'port-closed'
  | 'unreachable'
  | 'server-certificate-changed'
  | 'client-not-registered'
  | 'client-registered-with-other-certificate'
  | 'no-partition'
  | 'clock-skew'
  | 'source-address-refused'
  | 'client-certificate-invalid'
  /** Refused without saying why, and the appliance facts needed to tell the cause were not given. */
  | 'link-refused'
  | 'unexpected-reply'

export interface NtlsPartition {
  name: string
  serial: string
  label: string
}

export type NtlsProbeResult =
  | {
      ok: true
      /** The client name the appliance registered this certificate under (LIST mode). */
      client?: string
      /** What the appliance lets this client see (LIST mode); undefined in handshake mode. */
      partitions?: NtlsPartition[]
      tlsVersion: string
      cipher: string
      serverSha256: string
      elapsedMs: number
      warnings: string[]
    }
  | {
      ok: false
      problem: NtlsProblem
      /** What happened, why it matters and what to do, in one or two sentences. */
      message: string
      /** The low-level evidence (TLS alert, socket error), for the record. */
      detail?: string
      elapsedMs: number
      warnings: string[]
    }

export interface NtlsProbeOptions {
  host: string
  port?: number
  /** The local address to connect from (a machine with several interfaces). */
  localAddress?: string
  /** The server.pem pulled from this appliance. */
  serverCertificatePem: string | Buffer
  clientCertificatePem: string | Buffer
  clientKeyPem: string | Buffer
  /**
   * 'handshake' (default): TLS only, safe against a real appliance, whose NTLS protocol is proprietary.
   * 'list': the simulator's LIST exchange, which also tells "no partition assigned" and names the partitions.
   */
  mode?: 'list' | 'handshake'
  timeoutMs?: number
  /** After a handshake-mode handshake, how long to wait for a rejection. */
  graceMs?: number
  maxTlsVersion?: 'TLSv1.2' | 'TLSv1.3'
  now?: Date
  /** Facts read from the appliance that sharpen the diagnosis, when the caller has them. */
  appliance?: {
    /** Whether `client show -c <name>` found the client this machine should be. */
    clientRegistered?: boolean
    /** `client fingerprint -c <name>` for the client this machine should be (MD5, SHA-1 or SHA-256). */
    registeredClientFingerprint?: string
    /** The appliance's clock (status time / date), to tell clock skew apart. */
    time?: Date
    /** `ntls ipcheck show`. */
    ipcheck?: boolean
  }
}

const SKEW_MS = 5 * 60 * 1000

function validity(cert: X509Certificate, at: Date): 'valid' | 'not-yet-valid' | 'expired' {
  if (at.getTime() < Date.parse(cert.validFrom)) return 'not-yet-valid'
  if (at.getTime() > Date.parse(cert.validTo)) return 'expired'
  return 'valid'
}

type Outcome =
  | { kind: 'reply'; line: string; socket: tls.TLSSocket }
  | { kind: 'quiet'; socket: tls.TLSSocket }
  | { kind: 'server-cert'; presented: X509Certificate | undefined; socket: tls.TLSSocket }
  | { kind: 'error'; error: NodeJS.ErrnoException; handshakeDone: boolean }
  | { kind: 'closed'; handshakeDone: boolean }
  | { kind: 'timeout'; handshakeDone: boolean }

function connect(options: NtlsProbeOptions, serverDer: Buffer): Promise<Outcome> {
  const mode = options.mode ?? 'handshake'
  return new Promise((resolve) => {
    let done = false
    let handshakeDone = false
    let buffer = ''
    const socket = tls.connect({
      host: options.host,
      port: options.port ?? NTLS_PORT,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      cert: options.clientCertificatePem,
      key: options.clientKeyPem,
      // The server is authenticated by pinning server.pem below, not by a CA chain or host name.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      maxVersion: options.maxTlsVersion ?? 'TLSv1.3',
      minVersion: 'TLSv1.2',
      timeout: options.timeoutMs ?? 10_000,
    })
    const finish = (outcome: Outcome): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearTimeout(grace)
      if (!('socket' in outcome)) socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(() => finish({ kind: 'timeout', handshakeDone }), options.timeoutMs ?? 10_000)
    let grace: NodeJS.Timeout | undefined
    socket.setEncoding('utf8')
    socket.on('secureConnect', () => {
      handshakeDone = true
      const peer = socket.getPeerX509Certificate()
      if (!peer || !peer.raw.equals(serverDer))
        return finish({ kind: 'server-cert', presented: peer, socket })
      if (mode === 'list') socket.write('LIST\n')
      else grace = setTimeout(() => finish({ kind: 'quiet', socket }), options.graceMs ?? 1500)
    })
    socket.on('data', (chunk: string) => {
      buffer += chunk
      const nl = buffer.indexOf('\n')
      if (nl >= 0) finish({ kind: 'reply', line: buffer.slice(0, nl), socket })
      else if (buffer.length > 1 << 20) finish({ kind: 'reply', line: buffer.slice(0, 200), socket })
    })
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', error, handshakeDone }))
    socket.on('close', () => finish({ kind: 'closed', handshakeDone }))
  })
}

function endpointOf(options: NtlsProbeOptions): string {
  return `${options.host}:${options.port ?? NTLS_PORT}`
}

/** Runs the probe. Never throws for a network outcome: every failure comes back as a named problem. */
export async function probeNtls(options: NtlsProbeOptions): Promise<NtlsProbeResult> {
  const started = Date.now()
  const now = options.now ?? new Date()
  const warnings: string[] = []
  const fail = (problem: NtlsProblem, message: string, detail?: string): NtlsProbeResult => ({
    ok: false,
    problem,
    message,
    ...(detail ? { detail } : {}),
    elapsedMs: Date.now() - started,
    warnings,
  })

  let server: X509Certificate
  let client: X509Certificate
  try {
    server = new X509Certificate(options.serverCertificatePem)
  } catch {
    return fail(
      'server-certificate-changed',
      'The kept server.pem is not a certificate. Pull server.pem from the appliance again.',
    )
  }
  try {
    client = new X509Certificate(options.clientCertificatePem)
    if (!client.checkPrivateKey(createPrivateKey(options.clientKeyPem)))
      return fail(
        'client-certificate-invalid',
        'The client certificate and private key do not belong together (ClientCertFile / ClientPrivKeyFile in Chrystoki.conf). Run vtl createCert again and re-register the client.',
      )
  } catch (error) {
    return fail(
      'client-certificate-invalid',
      'The client certificate or private key cannot be read. Run vtl createCert again and re-register the client.',
      error instanceof Error ? error.message : String(error),
    )
  }

  const clientLocal = validity(client, now)
  const serverLocal = validity(server, now)
  if (serverLocal !== 'valid')
    warnings.push(
      `The appliance's server certificate is ${serverLocal === 'expired' ? 'expired' : 'not yet valid'} by this computer's clock (valid ${server.validFrom} to ${server.validTo}).`,
    )
  if (clientLocal !== 'valid')
    warnings.push(
      `The client certificate is ${clientLocal === 'expired' ? 'expired' : 'not yet valid'} by this computer's clock (valid ${client.validFrom} to ${client.validTo}).`,
    )
  const applianceTime = options.appliance?.time
  if (applianceTime && Math.abs(applianceTime.getTime() - now.getTime()) > SKEW_MS)
    warnings.push(
      `The appliance's clock (${applianceTime.toISOString()}) differs from this computer's (${now.toISOString()}) by more than 5 minutes.`,
    )

  let outcome = await connect(options, server.raw)
  // With TLS 1.3 a rejected client certificate and a refused source address both look like "hung up after the
  // handshake". TLS 1.2 judges the client certificate inside the handshake, so one more try tells them apart.
  const ambiguous =
    (outcome.kind === 'closed' && outcome.handshakeDone) ||
    (outcome.kind === 'error' && outcome.handshakeDone && /ECONNRESET|EPIPE/.test(outcome.error.code ?? ''))
  if (ambiguous && options.maxTlsVersion !== 'TLSv1.2') {
    outcome = await connect({ ...options, maxTlsVersion: 'TLSv1.2' }, server.raw)
    if (outcome.kind === 'reply' || outcome.kind === 'quiet')
      warnings.push('The first connection was cut after the handshake; a second one over TLS 1.2 succeeded.')
  }
  const where = endpointOf(options)
  const fp = certificateFingerprints(server)

  const clockStory = (): string | undefined => {
    const at = applianceTime ?? now
    const v = validity(client, at)
    if (v === 'valid' && !applianceTime && clientLocal === 'valid') return undefined
    const whose = applianceTime ? "the appliance's clock" : "this computer's clock"
    if (v === 'not-yet-valid')
      return `The client certificate only becomes valid at ${client.validFrom}, which is still in the future by ${whose}. Set the appliance's time (sysconf time / ntp) or this computer's, then try again.`
    if (v === 'expired')
      return `The client certificate expired at ${client.validTo} by ${whose}. Create a new one (vtl createCert), register it again, then try again.`
    return undefined
  }

  const facts = options.appliance ?? {}
  const fingerprintMatches = facts.registeredClientFingerprint
    ? matchesReportedFingerprint(client, facts.registeredClientFingerprint)
    : undefined
  const notRegistered = (evidence: string, certain: boolean): NtlsProbeResult =>
    fail(
      'client-not-registered',
      `The appliance at ${where} refused this client's certificate: the client is not registered` +
        (certain ? '' : ', or it is registered with another certificate') +
        '. Upload the certificate (<client>.pem), run client register on the appliance and assign the partition.',
      evidence,
    )
  const otherCertificate = (evidence: string): NtlsProbeResult =>
    fail(
      'client-registered-with-other-certificate',
      `The appliance at ${where} refused this client's certificate: the client is registered with another certificate ` +
        "('client fingerprint' differs from this one). Upload this certificate, then client delete and client register again, and assign the partition.",
      evidence,
    )
  const sourceRefused = (evidence: string): NtlsProbeResult =>
    fail(
      'source-address-refused',
      `The appliance at ${where} knows this client's certificate but hung up: it checks the source address (ntls ipcheck) ` +
        'and this connection comes from an address other than the one the client is registered with, as happens behind NAT. ' +
        "Register the client with the address the appliance sees, or run 'ntls ipcheck disable' on the appliance.",
      evidence,
    )

  /** The appliance sent a TLS alert about our certificate: it does not trust it. */
  const rejected = (evidence: string): NtlsProbeResult => {
    if (fingerprintMatches === false) return otherCertificate(evidence)
    return notRegistered(evidence, facts.clientRegistered === false || fingerprintMatches === true)
  }

  /**
   * The appliance hung up without saying why (no alert). The wire looks the same for an unknown certificate and
   * for a refused source address, so the facts read from the appliance decide.
   */
  function refusedWithoutReason(evidence: string): NtlsProbeResult {
    const story = clockStory()
    if (story) return fail('clock-skew', story, evidence)
    if (facts.clientRegistered === false) return notRegistered(evidence, true)
    if (fingerprintMatches === false) return otherCertificate(evidence)
    if (fingerprintMatches === true && facts.ipcheck !== false) return sourceRefused(evidence)
    if (facts.clientRegistered === true && facts.ipcheck === true) return sourceRefused(evidence)
    return fail(
      'link-refused',
      `The appliance at ${where} hung up without saying why. Either this client is not registered (or registered with another ` +
        'certificate), or the appliance refuses its source address (ntls ipcheck behind NAT). Rackside tells which once it has read ' +
        "'client show', 'client fingerprint' and 'ntls ipcheck show' from the appliance.",
      evidence,
    )
  }

  switch (outcome.kind) {
    case 'server-cert': {
      outcome.socket.destroy()
      const presented = outcome.presented ? certificateFingerprints(outcome.presented).sha256 : 'none'
      return fail(
        'server-certificate-changed',
        `The appliance at ${where} presents a different server certificate than the server.pem pulled from it ` +
          `(presented ${presented}, pulled ${fp.sha256}). It was regenerated since (sysconf regenCert), or this is not the same appliance. ` +
          'Pull server.pem again, run vtl deleteServer and vtl addServer with it, then probe again.',
      )
    }
    case 'reply': {
      outcome.socket.end('QUIT\n')
      const cipher = outcome.socket.getCipher()
      const version = outcome.socket.getProtocol() ?? 'unknown'
      let reply: { client?: unknown; partitions?: unknown }
      try {
        reply = JSON.parse(outcome.line) as typeof reply
      } catch {
        return fail(
          'unexpected-reply',
          `The appliance at ${where} answered in a way Rackside does not understand.`,
          outcome.line.slice(0, 200),
        )
      }
      const partitions = Array.isArray(reply.partitions) ? (reply.partitions as NtlsPartition[]) : []
      const name = typeof reply.client === 'string' ? reply.client : undefined
      if (partitions.length === 0)
        return fail(
          'no-partition',
          `The link to ${where} is up and the appliance knows this client${name ? ` as "${name}"` : ''}, but no partition is assigned to it. ` +
            `Run client assignPartition -client ${name ?? '<client>'} -partition <partition> on the appliance.`,
        )
      return {
        ok: true,
        ...(name ? { client: name } : {}),
        partitions,
        tlsVersion: version,
        cipher: cipher?.name ?? 'unknown',
        serverSha256: fp.sha256,
        elapsedMs: Date.now() - started,
        warnings,
      }
    }
    case 'quiet': {
      const cipher = outcome.socket.getCipher()
      const version = outcome.socket.getProtocol() ?? 'unknown'
      outcome.socket.destroy()
      return {
        ok: true,
        tlsVersion: version,
        cipher: cipher?.name ?? 'unknown',
        serverSha256: fp.sha256,
        elapsedMs: Date.now() - started,
        warnings: [
          ...warnings,
          'Handshake-only probe: run vtl verify to see the partitions this client can use.',
        ],
      }
    }
    case 'error': {
      const e = outcome.error
      const code = e.code ?? ''
      if (code === 'ECONNREFUSED')
        return fail(
          'port-closed',
          `Nothing accepts connections on ${where}: NTLS is stopped, bound to another interface, or the port is filtered. ` +
            "On the appliance check 'ntls show' and 'service status ntls' (service start ntls), then try again.",
          code,
        )
      if (['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT'].includes(code))
        return fail(
          'unreachable',
          `${where} cannot be reached from this computer (${code}). Check the address, the network path and any firewall for TCP ${options.port ?? NTLS_PORT}.`,
          code,
        )
      if (
        /CERTIFICATE_EXPIRED|CERT_NOT_YET_VALID|CERT_HAS_EXPIRED/i.test(code) ||
        /certificate expired/i.test(e.message)
      )
        return fail(
          'clock-skew',
          clockStory() ??
            `The appliance at ${where} says the client certificate is expired or not yet valid: its clock and this computer's disagree. Check 'status time' on the appliance and set it (sysconf time / ntp).`,
          `${code} ${e.message}`.trim(),
        )
      if (/ALERT|SSL|TLS|ECONNRESET|EPIPE/i.test(code) || /alert/i.test(e.message)) {
        const story = clockStory()
        if (story) return fail('clock-skew', story, `${code} ${e.message}`.trim())
        if (/ECONNRESET|EPIPE/.test(code)) return refusedWithoutReason(`${code} ${e.message}`.trim())
        return rejected(`${code} ${e.message}`.trim())
      }
      return fail('unreachable', `The connection to ${where} failed: ${e.message}.`, code)
    }
    case 'closed':
      return refusedWithoutReason(
        outcome.handshakeDone
          ? 'closed after the handshake without an alert'
          : 'closed during the handshake without an alert',
      )
    case 'timeout':
      if (outcome.handshakeDone)
        return fail(
          'unexpected-reply',
          `The link to ${where} came up but the appliance did not answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s.`,
        )
      return fail(
        'unreachable',
        `${where} did not answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s: a firewall may drop the packets, or the address is wrong.`,
      )
  }
}
