import { createHash, X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * How the simulated vtl finds the simulated appliances. A real client reaches `ServerNameNN` on port 1792;
 * here every appliance listens on loopback with its own port and its hostname is not in DNS. The simulator
 * keeps `<clientRoot>/.simulator/endpoints.json` current, and vtl matches a server by the certificate it was
 * given (the one pulled from that appliance), then by address or hostname.
 */

export interface EndpointRecord {
  serial: string
  hostname: string
  address: string
  ntlsPort: number
  sshPort: number
  serverCertificatePem: string
}

export interface EndpointEntry {
  serial: string
  hostname: string
  address: string
  ntlsPort: number
  sshPort: number
  /** SHA-256 of every server certificate this appliance has had in this run, newest last. */
  certificateSha256: string[]
}

export function endpointsPath(clientRoot: string): string {
  return join(clientRoot, '.simulator', 'endpoints.json')
}

export function certificateSha256(pem: string): string | undefined {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex')
  } catch {
    return undefined
  }
}

export function readEndpoints(clientRoot: string): EndpointEntry[] {
  try {
    const parsed = JSON.parse(readFileSync(endpointsPath(clientRoot), 'utf8')) as {
      appliances?: EndpointEntry[]
    }
    return parsed.appliances ?? []
  } catch {
    return []
  }
}

/** The appliance a server name and certificate point to, if it is one of the simulator's. */
export function findEndpoint(
  entries: EndpointEntry[],
  serverName: string,
  certificatePem: string | undefined,
): EndpointEntry | undefined {
  const fingerprint = certificatePem ? certificateSha256(certificatePem) : undefined
  const name = serverName.toLowerCase()
  return (
    (fingerprint ? entries.find((entry) => entry.certificateSha256.includes(fingerprint)) : undefined) ??
    entries.find((entry) => entry.address === serverName) ??
    entries.find(
      (entry) => entry.hostname.toLowerCase() === name || entry.hostname.toLowerCase().split('.')[0] === name,
    )
  )
}

/** Written by the simulator process. */
export class EndpointsFile {
  private readonly sources = new Map<string, () => EndpointRecord>()
  private readonly history = new Map<string, string[]>()
  private lastText = ''
  private readonly timer: NodeJS.Timeout

  constructor(private readonly clientRoot: string) {
    mkdirSync(join(clientRoot, '.simulator'), { recursive: true })
    // Hostname changes raise no event; a cheap poll keeps the file current.
    this.timer = setInterval(() => this.refresh(), 1000)
    this.timer.unref()
  }

  track(serial: string, source: () => EndpointRecord): void {
    this.sources.set(serial, source)
    this.refresh()
  }

  untrack(serial: string): void {
    this.sources.delete(serial)
    this.refresh()
  }

  refresh(): void {
    const appliances: EndpointEntry[] = []
    for (const [serial, source] of this.sources) {
      let record: EndpointRecord
      try {
        record = source()
      } catch {
        continue
      }
      const seen = this.history.get(serial) ?? []
      const fingerprint = certificateSha256(record.serverCertificatePem)
      if (fingerprint && seen.at(-1) !== fingerprint) seen.push(fingerprint)
      this.history.set(serial, seen)
      appliances.push({
        serial: record.serial,
        hostname: record.hostname,
        address: record.address,
        ntlsPort: record.ntlsPort,
        sshPort: record.sshPort,
        certificateSha256: [...seen],
      })
    }
    const text = `${JSON.stringify({ appliances }, null, 2)}\n`
    if (text === this.lastText) return
    const path = endpointsPath(this.clientRoot)
    const temp = `${path}.${process.pid}.tmp`
    try {
      writeFileSync(temp, text)
      renameSync(temp, path)
      this.lastText = text
    } catch {
      // The client root was removed under us (tests clean up temp folders); nothing to keep current.
    }
  }

  close(): void {
    clearInterval(this.timer)
  }
}
