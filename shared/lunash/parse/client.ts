import { bodyLines, errorLine } from './output-lines'
import { parseLunashError } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** The appliance's own complaint, named after the command, as the parse error of an output that carries one. */
function reported(
  command: string,
  text: string,
  body: string[],
): { ok: false; error: ParseError } | undefined {
  const first = errorLine(body)
  if (first === undefined) return undefined
  const detail = parseLunashError(text)
  const why = detail.ok
    ? [...detail.value.messages, `${detail.value.code} ${detail.value.name}`].join(' ')
    : first.replace(/^Error:\s*/, '')
  return parseError(`${command}: the appliance reported an error: ${why}`, first)
}

/**
 * `client list`: `registered client N: name` lines (4.x capitalises `Registered`), or `No clients are registered.`
 * Lines that are neither (console-server chatter, banners) are not clients and are left alone.
 */
export function parseClientList(text: string): Result<string[], ParseError> {
  const body = bodyLines(text)
  const failed = reported('client list', text, body)
  if (failed) return failed
  const names: string[] = []
  let none = false
  for (const line of body) {
    const m = /^\s*registered client\s+\d+\s*:\s*(.*?)\s*$/i.exec(line)
    if (m) {
      if ((m[1] ?? '') === '') return parseError('client list: a client line has no name.', line)
      names.push(m[1] ?? '')
    } else if (/^\s*No clients are registered\.?\s*$/i.test(line)) none = true
  }
  if (none && names.length > 0)
    return parseError('client list: it lists clients and also says none are registered.')
  if (!none && names.length === 0)
    return parseError(
      'client list: neither "registered client N:" lines nor "No clients are registered." were printed.',
      body[0],
    )
  return ok(names)
}

export interface ClientShow {
  clientId: string
  hostname?: string
  /** `IPAddress:` when the client was registered with `-ip` (as the 4.x HID guide prints it). */
  ipAddress?: string
  partitions: string[]
  /** 5.3 and later. */
  htlRequired?: boolean
  ottExpiry?: string
  /** `Key: value` lines of labels this parser does not know, as printed. */
  other: Record<string, string>
  /** Lines that are not `Key: value` at all (console noise); present only when there were some. */
  unrecognised?: string[]
}

/** Labels as lunash prints them across eras, squeezed: `Client ID` / `ClientID`, `IP Address` / `IPAddress`. */
const LABELS: Record<string, keyof Omit<ClientShow, 'other' | 'unrecognised'>> = {
  clientid: 'clientId',
  hostname: 'hostname',
  ipaddress: 'ipAddress',
  ip: 'ipAddress',
  partitions: 'partitions',
  htlrequired: 'htlRequired',
  ottexpiry: 'ottExpiry',
}

/** `"p1", "p2"` (curly quotes already folded) or `<none>`; anything else is refused, not guessed at. */
function partitionNames(value: string): string[] | undefined {
  if (/^<none>$/i.test(value.trim())) return []
  const quoted = [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '')
  const rest = value.replace(/"[^"]*"/g, '').replace(/[\s,]/g, '')
  return quoted.length === 0 || rest !== '' ? undefined : quoted
}

/**
 * `client show -client <name>` (4.x seed, 5.1, 5.3, 7.8): which address the client was registered with and which
 * partitions it may see. A `Partitions:` value wrapped onto indented lines is joined; a repeated label with
 * another value is refused.
 */
export function parseClientShow(text: string): Result<ClientShow, ParseError> {
  const body = bodyLines(text)
  const failed = reported('client show', text, body)
  if (failed) return failed
  const known: Partial<Record<keyof typeof LABELS, string>> = {}
  const other: Record<string, string> = {}
  const unrecognised: string[] = []
  let last: string | undefined
  for (const line of body) {
    const kv = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/.exec(line)
    const label = kv ? (kv[1] ?? '').replace(/\s+/g, '').toLowerCase() : undefined
    if (kv && label !== undefined && label in LABELS) {
      const value = kv[2] ?? ''
      const seen = known[label]
      if (seen !== undefined && seen !== value)
        return parseError(`client show: "${kv[1] ?? ''}" is printed twice with different values.`, line)
      known[label] = value
      last = label
    } else if (kv) {
      other[kv[1] ?? ''] = kv[2] ?? ''
      last = undefined
    } else if (last === 'partitions' && /^\s+"/.test(line)) {
      known.partitions = `${known.partitions ?? ''} ${line.trim()}`
    } else {
      unrecognised.push(line.trim())
      last = undefined
    }
  }
  const clientId = known.clientid
  const partitionsText = known.partitions
  if (clientId === undefined || partitionsText === undefined)
    return parseError('client show: the ClientID and Partitions lines are missing.', body[0])
  const partitions = partitionNames(partitionsText)
  if (!partitions) return parseError('client show: the partitions are not understood.', partitionsText)
  const facts: ClientShow = { clientId, partitions, other }
  const hostname = known.hostname
  if (hostname !== undefined && hostname !== '') facts.hostname = hostname
  const ip = known.ipaddress ?? known.ip
  if (ip !== undefined && ip !== '') facts.ipAddress = ip
  if (known.htlrequired !== undefined) facts.htlRequired = /^yes$/i.test(known.htlrequired)
  if (known.ottexpiry !== undefined) facts.ottExpiry = known.ottexpiry
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

/** `client fingerprint -client <name>`: the certificate fingerprint as printed (colon-separated hex). */
export function parseClientFingerprint(text: string): Result<{ fingerprint: string }, ParseError> {
  const body = bodyLines(text)
  const failed = reported('client fingerprint', text, body)
  if (failed) return failed
  for (const line of body) {
    const m = /^\s*Certificate fingerprint\s*:\s*((?:[0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2})\s*$/.exec(line)
    if (m) return ok({ fingerprint: (m[1] ?? '').toUpperCase() })
  }
  return parseError('client fingerprint: no "Certificate fingerprint:" line was found.', body[0])
}
