import { X509Certificate } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { createServer as createTcpServer, isIP } from 'node:net'
import tls from 'node:tls'
import type { ApplianceContract, NtlsClientView, NtlsView } from '../appliance/contract'
import { plainAddress } from './loopback'
import { formatListReply } from './ntls-protocol'

export interface NtlsEndpoint {
  host: string
  port: number
}

export interface NtlsServer {
  readonly endpoint: NtlsEndpoint
  /** True while the port accepts connections. */
  listening(): boolean
  /** Re-reads running / bind / ntlsDown and opens or closes the port to match. */
  refresh(): Promise<void>
  /** The certificate changed or NTLS restarted: drop every link and reload. */
  reload(): Promise<void>
  moveTo(host: string): Promise<void>
  close(): Promise<void>
}

const derCache = new Map<string, Buffer>()

function der(pem: string): Buffer | undefined {
  let raw = derCache.get(pem)
  if (!raw) {
    try {
      raw = new X509Certificate(pem).raw
    } catch {
      return undefined
    }
    derCache.set(pem, raw)
  }
  return raw
}

async function sourceAllowed(client: NtlsClientView, source: string): Promise<boolean> {
  const registered = client.hostnameOrIp
  if (isIP(registered)) return plainAddress(registered) === source
  try {
    const addresses = await lookup(registered, { all: true })
    return addresses.some((entry) => plainAddress(entry.address) === source)
  } catch {
    // A hostname the simulator's machine cannot resolve (lab DNS names are typical) is not held against the client.
    return true
  }
}

export async function startNtlsServer(
  appliance: ApplianceContract,
  options: { host: string; port: number },
): Promise<NtlsServer> {
  const endpoint: NtlsEndpoint = { host: options.host, port: options.port }
  if (endpoint.port === 0) endpoint.port = await freePort(endpoint.host)
  let server: tls.Server | undefined
  let contextKey = ''
  const sockets = new Set<tls.TLSSocket>()
  let queue: Promise<void> = Promise.resolve()
  const serialized = (work: () => Promise<void>) => {
    queue = queue.then(work, work)
    return queue
  }

  const shouldListen = (view: NtlsView) => {
    if (!view.running || appliance.faults().ntlsDown) return false
    // Only eth0 has an address in the simulator (the loopback one); a binding to another device leaves it closed.
    const bind = view.bind.toLowerCase()
    return ['all', '0.0.0.0', 'eth0', endpoint.host, appliance.hostname().toLowerCase()].includes(bind)
  }

  const contextOptions = (view: NtlsView): tls.SecureContextOptions => {
    const clientCerts = view.clients.map((client) => client.certificatePem).filter((pem) => der(pem))
    // With no registered client, trust only our own certificate, whose key no client holds.
    return {
      key: view.serverKeyPem,
      cert: view.serverCertificatePem,
      ca: clientCerts.length ? clientCerts : [view.serverCertificatePem],
    }
  }

  const keyOf = (view: NtlsView) =>
    [view.serverCertificatePem, ...view.clients.map((client) => client.certificatePem)].join('\n')

  const dropAll = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }

  const onSecureConnection = (socket: tls.TLSSocket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    const view = appliance.ntlsView()
    const peer = socket.getPeerCertificate(true)
    const client = peer?.raw
      ? view.clients.find((entry) => der(entry.certificatePem)?.equals(peer.raw))
      : undefined
    if (!client || appliance.faults().ntlsDown || !view.running) {
      socket.destroy()
      return
    }
    const source = plainAddress(socket.remoteAddress)
    const admitted = view.ipcheck ? sourceAllowed(client, source) : Promise.resolve(true)
    void admitted.then((ok) => {
      if (!ok) return socket.destroy()
      serveLines(socket, client.name)
    })
  }

  const serveLines = (socket: tls.TLSSocket, clientName: string) => {
    let pending = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      pending += chunk
      let newline: number
      while ((newline = pending.indexOf('\n')) >= 0) {
        const command = pending.slice(0, newline).trim().toUpperCase()
        pending = pending.slice(newline + 1)
        if (command === '') continue
        if (command === 'LIST') {
          // Read at request time: assignments made after the link came up are visible at once.
          const current = appliance.ntlsView().clients.find((entry) => entry.name === clientName)
          const partitions = (current?.partitions ?? []).map(({ name, serial, label }) => ({
            name,
            serial,
            label,
          }))
          socket.write(formatListReply({ client: clientName, partitions }))
        } else if (command === 'PING') socket.write('PONG\n')
        else if (command === 'QUIT') socket.end()
        else socket.write('ERR unknown command\n')
      }
    })
  }

  const open = async (view: NtlsView) => {
    const tlsServer = tls.createServer({
      ...contextOptions(view),
      requestCert: true,
      rejectUnauthorized: true,
    })
    contextKey = keyOf(view)
    // Registrations do not raise an event: refresh the trusted client certificates before each handshake.
    tlsServer.prependListener('connection', () => {
      const current = appliance.ntlsView()
      const key = keyOf(current)
      if (key !== contextKey) {
        contextKey = key
        tlsServer.setSecureContext(contextOptions(current))
      }
    })
    tlsServer.on('secureConnection', onSecureConnection)
    tlsServer.on('tlsClientError', () => {})
    await new Promise<void>((resolve, reject) => {
      tlsServer.once('error', reject)
      tlsServer.listen(endpoint.port, endpoint.host, () => {
        tlsServer.off('error', reject)
        resolve()
      })
    })
    server = tlsServer
  }

  const shut = async () => {
    const current = server
    server = undefined
    dropAll()
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()))
  }

  const refresh = () =>
    serialized(async () => {
      const view = appliance.ntlsView()
      const want = shouldListen(view)
      if (want && !server) await open(view)
      else if (!want && server) await shut()
    })

  await refresh()

  return {
    endpoint,
    listening: () => server !== undefined,
    refresh,
    reload: () =>
      serialized(async () => {
        await shut()
        const view = appliance.ntlsView()
        if (shouldListen(view)) await open(view)
      }),
    moveTo: (host) =>
      serialized(async () => {
        await shut()
        endpoint.host = host
        const view = appliance.ntlsView()
        if (shouldListen(view)) await open(view)
      }),
    close: () => serialized(shut),
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}
