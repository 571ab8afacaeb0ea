import tls from 'node:tls'
import { parseListReply, type NtlsListReply } from '../transports/ntls-protocol'

export interface NtlsTarget {
  host: string
  port: number
  /** The server certificate(s) the client trusts (cert/server/CAFile.pem). */
  caPem: string
  certPem: string
  keyPem: string
  timeoutMs: number
}

/**
 * Opens a Network Trust Link and asks which partitions this client may see. Success is the server's reply:
 * with TLS 1.3 the handshake completes on the client before the server has judged the client certificate.
 */
export function listPartitions(target: NtlsTarget): Promise<NtlsListReply> {
  return new Promise((resolve, reject) => {
    let settled = false
    let pending = ''
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ca: target.caPem,
      cert: target.certPem,
      key: target.keyPem,
      // The NTLA trusts the exact server certificates in CAFile.pem; it does not match host names.
      checkServerIdentity: () => undefined,
    })
    const settle = (error: Error | undefined, reply?: NtlsListReply) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve(reply as NtlsListReply)
    }
    const timer = setTimeout(() => settle(new Error('receive timeout')), target.timeoutMs)
    socket.setEncoding('utf8')
    socket.on('secureConnect', () => socket.write('LIST\n'))
    socket.on('data', (chunk: string) => {
      pending += chunk
      const newline = pending.indexOf('\n')
      if (newline < 0) return
      const reply = parseListReply(pending.slice(0, newline))
      if (!reply) return settle(new Error(`unexpected reply: ${pending.slice(0, newline)}`))
      socket.write('QUIT\n')
      settle(undefined, reply)
    })
    socket.on('error', (error) => settle(error))
    socket.on('close', () => settle(new Error('connection closed by the server')))
  })
}
