/**
 * What reaching an SSH server needs before any login: the opt-in algorithms of old appliances, and a failure
 * to connect put in words a person can act on. Used by the console session and by the host-key scan.
 */
import type { Algorithms } from 'ssh2'

/** Opt-in algorithms for old appliances (Luna 5.x/6.x era OpenSSH): CBC ciphers, SHA-1 key exchange, ssh-rsa keys. */
export const legacyAlgorithms: Algorithms = {
  kex: {
    append: [
      'diffie-hellman-group14-sha1',
      'diffie-hellman-group-exchange-sha1',
      'diffie-hellman-group1-sha1',
    ],
  },
  cipher: { append: ['aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc'] },
  serverHostKey: { append: ['ssh-rsa', 'ssh-dss'] },
  hmac: { append: ['hmac-sha1'] },
} as unknown as Algorithms

/**
 * A sentence a person can act on, for an error raised while reaching `host:port`. `legacyAllowed`: the
 * connection offered the opt-in legacy algorithms too.
 */
export function describeConnectError(
  error: Error & { code?: string; level?: string },
  host: string,
  port: number,
  legacyAllowed = false,
): string {
  const where = `${host}:${port}`
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Port ${port} on ${host} refused the connection. Is the appliance on and is SSH enabled?`
    case 'ETIMEDOUT':
      return `${where} did not answer. Check the cable, the address and the appliance's network settings.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from this computer. Check the network cable and the address.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${host} could not be resolved. Use the appliance's IP address or check DNS.`
    case 'ECONNRESET':
      return `${where} closed the connection during the handshake. Is this an SSH port?`
  }
  if (/timed out while waiting for handshake/i.test(error.message))
    return `${where} accepted the connection but did not complete the SSH handshake. Is this an SSH port?`
  const noMatch = /^Handshake failed: no matching (.+)$/.exec(error.message)
  if (noMatch && !legacyAllowed)
    return (
      `${where} offers only older SSH algorithms (no matching ${noMatch[1]}). If it is an older appliance ` +
      '(Luna 5.x/6.x), turn on "Allow legacy algorithms for old appliances" in its connection profile and connect again.'
    )
  if (noMatch)
    return `${where} and Rackside have no SSH algorithm in common (no matching ${noMatch[1]}), even with legacy algorithms allowed.`
  return `Could not connect to ${where}: ${error.message}`
}
