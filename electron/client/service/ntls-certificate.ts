/** The certificate an appliance presents on its NTLS port, read without sending one (to compare with server.pem). */
import type { X509Certificate } from 'node:crypto'
import tls from 'node:tls'

/** Reads the certificate the appliance presents on its NTLS port (no client certificate is sent). */
export function readNtlsServerCertificate(
  host: string,
  port: number,
  timeoutMs = 5000,
): Promise<X509Certificate | undefined> {
  return new Promise((resolve) => {
    let done = false
    const finish = (cert: X509Certificate | undefined): void => {
      if (done) return
      done = true
      socket.destroy()
      resolve(cert)
    }
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      minVersion: 'TLSv1.2',
      timeout: timeoutMs,
    })
    socket.once('secureConnect', () => finish(socket.getPeerX509Certificate()))
    socket.once('error', () => finish(undefined))
    socket.once('timeout', () => finish(undefined))
    setTimeout(() => finish(undefined), timeoutMs)
  })
}
