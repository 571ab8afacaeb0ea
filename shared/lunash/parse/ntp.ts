import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** The local-clock pseudo server an appliance lists by default; it is not a real time source. */
export const LOCAL_CLOCK = '127.127.1.0'

export interface NtpServers {
  /** As listed, including the local clock. */
  servers: string[]
  /** Without the local clock. */
  external: string[]
}

/** `sysconf ntp listservers` (5.x): `server <address>` lines between rules, under `NTP Servers:`. */
export function parseNtpListServers(text: string): Result<NtpServers, ParseError> {
  let heading = false
  const servers: string[] = []
  for (const line of contentLines(text)) {
    if (/^\s*=+\s*$/.test(line)) continue
    if (/^\s*NTP Servers:\s*$/.test(line)) {
      heading = true
      continue
    }
    const m = /^\s*server\s+(\S+)(?:\s+.*)?$/.exec(line)
    if (!m || !heading) return parseError('ntp listservers: a line is not understood.', line)
    servers.push(m[1] ?? '')
  }
  if (!heading) return parseError('ntp listservers: no "NTP Servers:" heading was found.')
  return ok({ servers, external: servers.filter((s) => s !== LOCAL_CLOCK) })
}

export interface NtpStatus {
  running: boolean
  enabled?: boolean
}

/** `sysconf ntp status`: the `NTP is running` / `NTP is enabled` lines; the peer tables are left to the transcript. */
export function parseNtpStatus(text: string): Result<NtpStatus, ParseError> {
  let running: boolean | undefined
  let enabled: boolean | undefined
  for (const line of contentLines(text)) {
    const r = /^\s*NTP is (not )?running\s*$/.exec(line)
    if (r) running = r[1] === undefined
    const e = /^\s*NTP is (enabled|disabled)\s*$/.exec(line)
    if (e) enabled = e[1] === 'enabled'
  }
  if (running === undefined)
    return parseError('ntp status: no "NTP is running" or "NTP is not running" line was found.')
  return ok(enabled === undefined ? { running } : { running, enabled })
}
