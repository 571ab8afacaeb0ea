/**
 * The client certificate and key the Luna client uses for NTLS, as its configuration names them
 * (`ClientCertFile` / `ClientPrivKeyFile` in the `LunaSA Client` section, written by `vtl createCert`).
 * The key is read only to hand it to the in-app NTLS probe; it is never copied, logged or sent anywhere.
 */
import { readFile } from 'node:fs/promises'
import { lunaClientSettings, parseChrystoki, type LunaClientSettings } from '../../shared/cmsconfig/chrystoki'

export class ClientCredentialsError extends Error {
  readonly code: 'client-certificate-missing' | 'client-key-encrypted'
  constructor(code: 'client-certificate-missing' | 'client-key-encrypted', message: string) {
    super(message)
    this.name = 'ClientCredentialsError'
    this.code = code
  }
}

export interface ClientCredentials {
  certPath: string
  keyPath: string
  certPem: string
  keyPem: string
  settings: LunaClientSettings
}

export async function readClientCredentials(configPath: string): Promise<ClientCredentials> {
  const settings = lunaClientSettings(parseChrystoki(await readFile(configPath, 'utf8')))
  const { clientCertFile: certPath, clientPrivKeyFile: keyPath } = settings
  if (!certPath || !keyPath)
    throw new ClientCredentialsError(
      'client-certificate-missing',
      `${configPath} names no client certificate yet (ClientCertFile / ClientPrivKeyFile). Run vtl createCert -n <this computer's name or IP> first.`,
    )
  const read = (path: string, what: string): Promise<string> =>
    readFile(path, 'utf8').catch(() => {
      throw new ClientCredentialsError(
        'client-certificate-missing',
        `The client ${what} ${path} named in ${configPath} cannot be read. Run vtl createCert again, or run Rackside with the rights to read it.`,
      )
    })
  const [certPem, keyPem] = await Promise.all([read(certPath, 'certificate'), read(keyPath, 'private key')])
  if (/ENCRYPTED/.test(keyPem))
    throw new ClientCredentialsError(
      'client-key-encrypted',
      'The client private key is encrypted (Luna HSM Client 10.7 and later encrypt it), so Rackside cannot use it for its own ' +
        'NTLS check. Use vtl verify to prove the link instead.',
    )
  return { certPath, keyPath, certPem, keyPem, settings }
}
