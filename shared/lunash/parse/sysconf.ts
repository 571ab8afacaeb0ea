import { bodyLines, errorLine } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

/**
 * `sysconf regenCert` (4.x `sysconf regencert <address>`): `'sysconf regenCert' successful. NTLS must be (re)started
 * before clients can connect.` The question before it and the advice after it are not facts.
 */
export function parseRegenCert(text: string): Result<{ ntlsRestartNeeded: boolean }, ParseError> {
  const body = bodyLines(text)
  for (const line of body) {
    if (/^\s*'?sysconf regenCert'? successful\./i.test(line))
      return ok({ ntlsRestartNeeded: /NTLS must be \(re\)started/i.test(line) })
  }
  return parseError(
    'sysconf regenCert: no "\'sysconf regenCert\' successful." line was found.',
    errorLine(body) ?? body[0],
  )
}

/**
 * `sysconf fingerprint ssh`. UNVERIFIED: no public source shows its output. Reads colon-hex (MD5) and
 * `SHA256:<base64>` fingerprints wherever they appear, as OpenSSH prints them.
 */
export function parseSshFingerprint(
  text: string,
): Result<{ verified: false; fingerprints: { algorithm: string; value: string }[] }, ParseError> {
  const fingerprints: { algorithm: string; value: string }[] = []
  const body = bodyLines(text)
  for (const line of body) {
    const sha = /SHA256:([A-Za-z0-9+/]{43}=?)/.exec(line)
    if (sha) fingerprints.push({ algorithm: 'SHA256', value: `SHA256:${sha[1] ?? ''}` })
    const md5 = /\b((?:[0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2})\b/.exec(line)
    if (md5) fingerprints.push({ algorithm: 'MD5', value: (md5[1] ?? '').toLowerCase() })
  }
  if (fingerprints.length === 0)
    return parseError('sysconf fingerprint ssh: no fingerprint was found.', errorLine(body) ?? body[0])
  return ok({ verified: false, fingerprints })
}

/**
 * `sysconf timezone set <zone>`: 4.x prints `Timezone set to <zone>`; what 5.x and later print besides the result
 * line is unverified: nothing but the result line reads as done without a zone; any other line is not understood.
 */
export function parseTimezoneSet(text: string): Result<{ zone?: string }, ParseError> {
  const body = bodyLines(text)
  const error = errorLine(body)
  if (error) return parseError('sysconf timezone set: the appliance reported an error.', error)
  for (const line of body) {
    const m = /^\s*Time ?zone (?:set to|is now)\s*:?\s*(\S+?)\.?\s*$/i.exec(line)
    if (m) return ok({ zone: m[1] ?? '' })
  }
  if (body.length === 0) return ok({})
  return parseError('sysconf timezone set: the output is not understood.', body[0])
}
