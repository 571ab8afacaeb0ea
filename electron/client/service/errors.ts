/** The client side's errors as the contract's codes, and what the operator should do about each NTL diagnosis. */
import { RacksideError, type ErrorCode } from '../../../shared/api'
import { vaultError } from '../../vault/service'

/** Maps the client side's typed errors to contract codes; the messages already say what to do. */
export function clientError(error: unknown): RacksideError {
  if (error instanceof RacksideError) return error
  const fromVault = vaultError(error)
  if (fromVault) return fromVault
  const e = error as { code?: unknown; name?: string; message?: string }
  const message = e?.message ?? String(error)
  const byCode: Record<string, ErrorCode> = {
    'keychain-unavailable': 'keychain-unavailable',
    'file-changed': 'file-changed',
    'slot-not-found': 'slot-not-found',
    'luna-client-not-found': 'luna-client-not-found',
    'password-change-required': 'password-change-required',
    'cryptoki-load-failed': 'cryptoki-failed',
    'cryptoki-call-failed': 'cryptoki-failed',
    'cryptoki-timeout': 'cryptoki-failed',
    'cryptoki-not-found': 'cryptoki-failed',
    'host-key-mismatch': 'host-key-mismatch',
    'auth-failed': 'auth-failed',
    'connection-failed': 'connection-failed',
    'no-stored-password': 'auth-failed',
    'no-server-pem': 'not-found',
    'cms-file-missing': 'not-found',
    'client-certificate-missing': 'not-found',
    'client-key-encrypted': 'invalid-request',
    'server-pem-invalid': 'file-corrupt',
    'file-write-failed': 'internal',
    busy: 'busy',
  }
  const code = typeof e?.code === 'string' ? byCode[e.code] : undefined
  if (code) return new RacksideError({ code, message })
  if (e?.name === 'ConfigFileCorruptError' || e?.name === 'ChrystokiParseError')
    return new RacksideError({ code: 'file-corrupt', message })
  if (e?.name === 'InvalidSlotChoiceError' || e?.name === 'UnencodableTextError')
    return new RacksideError({ code: 'invalid-request', message })
  if (e?.name === 'ScpProtocolError' || e?.name === 'ScpRemoteError' || e?.name === 'SshTransferError')
    return new RacksideError({ code: 'connection-failed', message })
  return new RacksideError({ code: 'internal', message: `Rackside hit an unexpected error: ${message}` })
}

/** What the operator should do about each NTL diagnosis, as a short instruction. */
export const NTL_ADVICE: Record<string, string> = {
  'port-closed': "On the appliance: 'ntls show' and 'service restart ntls'; check the firewall for TCP 1792.",
  unreachable: 'Check the address, the cable and any firewall between this computer and the appliance.',
  'server-certificate-changed':
    'Pull server.pem again (step 2), then vtl deleteServer and vtl addServer with the new file (step 3).',
  'client-not-registered':
    'Push the client certificate (step 4) and register the client with the assigned partition (step 5).',
  'client-registered-with-other-certificate':
    'Push this certificate again, then client delete and client register on the appliance (step 5).',
  'no-partition': 'Assign the partition to the client on the appliance (step 5).',
  'clock-skew': "Set the appliance's time (sysconf time, NTP) or this computer's, then check again.",
  'source-address-refused':
    "Register the client with the address the appliance sees, or run 'ntls ipcheck disable' on the appliance.",
  'client-certificate-invalid': 'Run vtl createCert again (step 3), push and register the new certificate.',
  'link-refused':
    "Read 'client show', 'client fingerprint' and 'ntls ipcheck show' (the check does this when the console is free) to tell the cause.",
  'unexpected-reply': 'Check again; if it repeats, run vtl verify and read what it prints.',
}
