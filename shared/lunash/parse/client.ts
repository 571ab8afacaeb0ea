import { contentLines, keyValue } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `client list`: `registered client N: name` lines, or `No clients are registered.` */
export function parseClientList(text: string): Result<string[], ParseError> {
  const body = contentLines(text)
  if (body.length === 1 && /^\s*No clients are registered\.\s*$/.test(body[0] ?? '')) return ok([])
  const names: string[] = []
  for (const line of body) {
    const m = /^\s*registered client (\d+): (.+?)\s*$/i.exec(line)
    if (!m) return parseError('client list: a line is not understood.', line)
    names.push(m[2] ?? '')
  }
  if (names.length === 0)
    return parseError('client list: neither clients nor "No clients are registered." were printed.')
  return ok(names)
}

export interface ClientShow {
  clientId: string
  hostname?: string
  ipAddress?: string
  partitions: string[]
  /** 5.3 and later. */
  htlRequired?: boolean
  ottExpiry?: string
  other: Record<string, string>
}

/** `client show -client <name>` (5.1, 5.3, 7.8). */
export function parseClientShow(text: string): Result<ClientShow, ParseError> {
  const kv: Record<string, string> = {}
  for (const line of contentLines(text)) {
    if (/^\s*Error:/.test(line)) return parseError('client show: the appliance reported an error.', line)
    const pair = keyValue(line)
    if (!pair) return parseError('client show: a line is not understood.', line)
    kv[pair[0].replace(/\s+/g, '')] = pair[1]
  }
  const take = (key: string): string | undefined => {
    const v = kv[key]
    delete kv[key]
    return v
  }
  const clientId = take('ClientID')
  const partitionsText = take('Partitions')
  if (clientId === undefined || partitionsText === undefined)
    return parseError('client show: the ClientID and Partitions lines are missing.')
  let partitions: string[] = []
  if (partitionsText !== '<none>') {
    const quoted = [...partitionsText.matchAll(/["“]([^"”]*)["”]/g)].map((m) => m[1] ?? '')
    const rest = partitionsText.replace(/["“][^"”]*["”]/g, '').replace(/[\s,]/g, '')
    if (quoted.length === 0 || rest !== '')
      return parseError('client show: the partitions are not understood.', partitionsText)
    partitions = quoted
  }
  const facts: ClientShow = { clientId, partitions, other: {} }
  const hostname = take('Hostname')
  if (hostname !== undefined) facts.hostname = hostname
  const ip = take('IPAddress')
  if (ip !== undefined) facts.ipAddress = ip
  const htl = take('HTLRequired')
  if (htl !== undefined) facts.htlRequired = /^yes$/i.test(htl)
  const ott = take('OTTExpiry')
  if (ott !== undefined) facts.ottExpiry = ott
  facts.other = kv
  return ok(facts)
}

/** `client fingerprint -client <name>`: the certificate fingerprint as printed (colon-separated hex). */
export function parseClientFingerprint(text: string): Result<{ fingerprint: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*Certificate fingerprint:\s*((?:[0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2})\s*$/.exec(line)
    if (m) return ok({ fingerprint: (m[1] ?? '').toUpperCase() })
  }
  return parseError('client fingerprint: no "Certificate fingerprint:" line was found.')
}
