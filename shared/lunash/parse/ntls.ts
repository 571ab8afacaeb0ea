import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `ntls ipcheck show`: `NTLS client source IP validation : Disable` (or Enable). */
export function parseNtlsIpcheck(text: string): Result<{ enabled: boolean }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*NTLS client source IP validation\s*:\s*(Enabled?|Disabled?)\s*$/i.exec(line)
    if (m) return ok({ enabled: /^enable/i.test(m[1] ?? '') })
  }
  return parseError('ntls ipcheck show: no "NTLS client source IP validation" line was found.')
}

export interface NtlsShow {
  verified: false
  running?: boolean
  ipcheck?: boolean
  /** `eth0`, `eth1`, ... or `all` / `none` as printed. */
  device: string
  /** The bound address or hostname when the appliance shows one. */
  address?: string
  /** Other `Key: value` lines, as printed. */
  other: Record<string, string>
}

/**
 * `ntls show`. UNVERIFIED: the reference has no real transcript. Reads the one-line 4.x form in the HID guide
 * (`NTLS bound to network device: none IP Address: "192.168.5.200" (eth0)`) and a `Key: value` form
 * (`NTLS bound to network device: eth0`, `NTLS bound to IP address: ...`) as the simulator prints it.
 */
export function parseNtlsShow(text: string): Result<NtlsShow, ParseError> {
  let device: string | undefined
  let address: string | undefined
  const other: Record<string, string> = {}
  const facts: { running?: boolean; ipcheck?: boolean } = {}
  for (const line of contentLines(text)) {
    const hid =
      /^\s*NTLS bound to network device:\s*(\S+)\s+IP Address:\s*"([^"]*)"\s*(?:\((\S+)\))?\s*$/.exec(line)
    if (hid) {
      device = hid[3] ?? hid[1]
      address = hid[2]
      continue
    }
    const dev = /^\s*NTLS bound to (?:network )?device\s*:\s*(\S+)\s*$/i.exec(line)
    if (dev) {
      device = dev[1]
      continue
    }
    const ip = /^\s*NTLS bound to (?:IP address|hostname or IP address|address)\s*:\s*"?([^"]*?)"?\s*$/i.exec(
      line,
    )
    if (ip) {
      address = ip[1]
      continue
    }
    const running = /^\s*NTLS is (not )?running\s*$/.exec(line)
    if (running) {
      facts.running = running[1] === undefined
      continue
    }
    const ipcheck = /^\s*NTLS client source IP validation\s*:\s*(Enabled?|Disabled?)\s*$/i.exec(line)
    if (ipcheck) {
      facts.ipcheck = /^enable/i.test(ipcheck[1] ?? '')
      continue
    }
    const kv = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line)
    if (!kv) return parseError('ntls show: a line is not understood.', line)
    other[kv[1] ?? ''] = kv[2] ?? ''
  }
  if (device === undefined) return parseError('ntls show: no "NTLS bound to network device" line was found.')
  const shown: NtlsShow = { verified: false, device, ...facts, other }
  if (address !== undefined && address !== '' && address !== '0.0.0.0') shown.address = address
  return ok(shown)
}

/** `ntls bind <device>`: 7.x `NTLS binding set to network device eth0.`, 5.x `Success: NTLS binding ...` */
export function parseNtlsBind(text: string): Result<{ device?: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*NTLS binding set to network device (\S+?)\.?\s*$/.exec(line)
    if (m) return ok({ device: m[1] ?? '' })
    if (/^\s*Success: NTLS binding/.test(line)) return ok({})
  }
  return parseError('ntls bind: no line confirms the new binding.')
}
