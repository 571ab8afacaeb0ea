import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'
import { CLIENT_SECTION } from './chrystoki'
import type { ClientRoot } from './client-root'
import { option, VtlError, type ParsedArgs, type VtlIo } from './output'

/** A self-signed RSA-2048 client certificate, CN = the client name. Key as PKCS#1 (`BEGIN RSA PRIVATE KEY`). */
export function makeClientCertificate(
  commonName: string,
  subject: { c?: string; s?: string; l?: string; o?: string; u?: string },
  now = new Date(),
): { certPem: string; keyPem: string } {
  // node:crypto makes the key quickly; forge builds the certificate.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = '00'
  cert.validity.notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000)
  const notAfter = new Date(cert.validity.notBefore.getTime())
  // unverified: NOT FOUND in reference (validity and default subject of vtl client certificates); ten years and
  // the C/ST/L of the Ottawa-made server certificates, as the REST example's client subject suggests.
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10)
  cert.validity.notAfter = notAfter
  const attrs: forge.pki.CertificateField[] = [
    { shortName: 'C', value: subject.c ?? 'CA' },
    { shortName: 'ST', value: subject.s ?? 'Ontario' },
    { shortName: 'L', value: subject.l ?? 'Ottawa' },
    { shortName: 'O', value: subject.o ?? 'Chrysalis-ITS' },
    ...(subject.u ? [{ shortName: 'OU', value: subject.u }] : []),
    { shortName: 'CN', value: commonName },
  ]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.sign(key, forge.md.sha256.create())
  return {
    certPem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'),
    keyPem: forge.pki.privateKeyToPem(key).replace(/\r\n/g, '\n'),
  }
}

/** `vtl createCert -n <name> [-c C] [-s ST] [-l L] [-o O] [-u OU]` */
export function createCert(client: ClientRoot, args: ParsedArgs, io: VtlIo): number {
  const name = option(args, 'n', 'name')
  if (!name) {
    // unverified: NOT FOUND in reference (createCert usage text)
    throw new VtlError(
      'Usage: vtl createCert -n <client name> [-c country] [-s state] [-l locality] [-o org] [-u unit]',
    )
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    // unverified: NOT FOUND in reference
    throw new VtlError(`Error: ${name} is not a valid client name (use the host name or IP address)`)
  }
  const { certPem, keyPem } = makeClientCertificate(name, {
    c: option(args, 'c'),
    s: option(args, 's'),
    l: option(args, 'l'),
    o: option(args, 'o'),
    u: option(args, 'u'),
  })
  const keyPath = join(client.clientCertDir, `${name}Key.pem`)
  const certPath = join(client.clientCertDir, `${name}.pem`)
  writeFileSync(keyPath, keyPem, { mode: 0o600 })
  writeFileSync(certPath, certPem)
  const conf = client.readConf()
  conf.set(CLIENT_SECTION, 'ClientPrivKeyFile', keyPath)
  conf.set(CLIENT_SECTION, 'ClientCertFile', certPath)
  client.writeConf(conf)
  io.print(`Private Key created and written to: ${keyPath}\n`)
  io.print(`Certificate created and written to: ${certPath}\n`)
  return 0
}
