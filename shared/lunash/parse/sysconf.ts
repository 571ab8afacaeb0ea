import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `sysconf regenCert`: `'sysconf regenCert' successful. NTLS must be (re)started before clients can connect.` */
export function parseRegenCert(text: string): Result<{ ntlsRestartNeeded: boolean }, ParseError> {
  for (const line of contentLines(text)) {
    if (/^\s*'?sysconf regenCert'? successful\./i.test(line))
      return ok({ ntlsRestartNeeded: /NTLS must be \(re\)started/i.test(line) })
  }
  return parseError('sysconf regenCert: no "\'sysconf regenCert\' successful." line was found.')
}

/**
 * `sysconf fingerprint ssh`. UNVERIFIED: the reference names the command but has no output. Reads colon-hex
 * (MD5) and `SHA256:<base64>` fingerprints wherever they appear, as OpenSSH prints them.
 */
export function parseSshFingerprint(
  text: string,
): Result<{ verified: false; fingerprints: { algorithm: string; value: string }[] }, ParseError> {
  const fingerprints: { algorithm: string; value: string }[] = []
  for (const line of contentLines(text)) {
    const sha = /SHA256:([A-Za-z0-9+/]{43}=?)/.exec(line)
    if (sha) fingerprints.push({ algorithm: 'SHA256', value: `SHA256:${sha[1] ?? ''}` })
    const md5 = /\b((?:[0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2})\b/.exec(line)
    if (md5) fingerprints.push({ algorithm: 'MD5', value: (md5[1] ?? '').toLowerCase() })
  }
  if (fingerprints.length === 0) return parseError('sysconf fingerprint ssh: no fingerprint was found.')
  return ok({ verified: false, fingerprints })
}

/** `sysconf timezone set <zone>`: 4.x prints `Timezone set to <zone>`; later versions may print only the result line. */
export function parseTimezoneSet(text: string): Result<{ zone?: string }, ParseError> {
  const body = contentLines(text)
  for (const line of body) {
    const m = /^\s*Time ?zone (?:set to|is now)\s*:?\s*(\S+?)\.?\s*$/i.exec(line)
    if (m) return ok({ zone: m[1] ?? '' })
  }
  if (body.length === 0) return ok({})
  return parseError('sysconf timezone set: the output is not understood.', body[0])
}
