import { bodyLines, errorLine } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

/** The local-clock pseudo server an appliance lists by default; it is not a real time source. */
export const LOCAL_CLOCK = '127.127.1.0'

export interface NtpServers {
  /** As listed, including the local clock. */
  servers: string[]
  /** Without the local clock. */
  external: string[]
  /** Lines that are neither a rule, the heading nor a `server` line (console noise); present only when some. */
  unrecognised?: string[]
}

/** `sysconf ntp listservers` (5.x, also `sysconf ntp li`): `server <address>` lines under `NTP Servers:`. */
export function parseNtpListServers(text: string): Result<NtpServers, ParseError> {
  let heading = false
  const servers: string[] = []
  const unrecognised: string[] = []
  const body = bodyLines(text)
  const error = errorLine(body)
  if (error) return parseError('ntp listservers: the appliance reported an error.', error)
  for (const line of body) {
    if (/^\s*=+\s*$/.test(line)) continue
    if (/^\s*NTP Servers:\s*$/i.test(line)) {
      heading = true
      continue
    }
    const m = /^\s*server\s+(\S+)(?:\s+.*)?$/.exec(line)
    if (m && heading) servers.push(m[1] ?? '')
    else unrecognised.push(line.trim())
  }
  if (!heading) return parseError('ntp listservers: no "NTP Servers:" heading was found.', body[0])
  const facts: NtpServers = { servers, external: servers.filter((s) => s !== LOCAL_CLOCK) }
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

export interface NtpStatus {
  running: boolean
  enabled?: boolean
}

/** `NTP is running` / `NTP is not running`, `NTP is enabled` / `NTP is disabled`; two different answers are refused. */
function ntpState(body: string[]): Result<{ running?: boolean; enabled?: boolean }, ParseError> {
  const state: { running?: boolean; enabled?: boolean } = {}
  for (const line of body) {
    const r = /^\s*NTP is (not )?running\s*$/.exec(line)
    const e = /^\s*NTP is (enabled|disabled)\s*$/.exec(line)
    if (r) {
      const running = r[1] === undefined
      if (state.running !== undefined && state.running !== running)
        return parseError('ntp: the output says both that NTP runs and that it does not.', line)
      state.running = running
    }
    if (e) {
      const enabled = e[1] === 'enabled'
      if (state.enabled !== undefined && state.enabled !== enabled)
        return parseError('ntp: the output says both that NTP is enabled and that it is disabled.', line)
      state.enabled = enabled
    }
  }
  return ok(state)
}

/**
 * `sysconf ntp status` (5.x): the `NTP is running` / `NTP is enabled` lines. The peer, association and ntptime
 * blocks (or `ntpq: read: Connection refused` when ntpd is down) stay in the transcript.
 */
export function parseNtpStatus(text: string): Result<NtpStatus, ParseError> {
  const body = bodyLines(text)
  const state = ntpState(body)
  if (!state.ok) return state
  const { running, enabled } = state.value
  if (running === undefined)
    return parseError(
      'ntp status: no "NTP is running" or "NTP is not running" line was found.',
      errorLine(body) ?? body[0],
    )
  return ok(enabled === undefined ? { running } : { running, enabled })
}

export interface NtpServerAdded {
  server: string
  /** 5.x restarts ntpd and reports its state; 4.x prints only the restart lines. */
  running?: boolean
  enabled?: boolean
  /** `Starting ntpd: [ OK ]` (both eras print it). */
  restarted?: boolean
}

/**
 * `sysconf ntp addserver <address>` (4.x `sysconf ntp -addserver`): 5.x `NTP server 'server 12.3.4.5' added.`, 4.x
 * `NTP server 192.168.5.200 added`, with the ntpd restart around it.
 */
export function parseNtpAddServer(text: string): Result<NtpServerAdded, ParseError> {
  const body = bodyLines(text)
  const added = body
    .map((l) => /^\s*NTP server '?(?:server\s+)?([^'\s]+)'? added\.?\s*$/i.exec(l)?.[1])
    .find((s) => s !== undefined)
  if (added === undefined)
    return parseError(
      'ntp addserver: no "NTP server <address> added" line was found.',
      errorLine(body) ?? body[0],
    )
  const state = ntpState(body)
  if (!state.ok) return state
  const facts: NtpServerAdded = { server: added, ...state.value }
  const start = body.map((l) => /^\s*Starting ntpd:?\s*\[\s*(OK|FAILED)\s*\]\s*$/i.exec(l)).findLast(Boolean)
  if (start) facts.restarted = /^OK$/i.test(start[1] ?? '')
  return ok(facts)
}
