import { bodyLines, errorLine } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `NTLS client source IP validation : Disable` (show), or `... validation disabled` (the answer to enable/disable). */
const IPCHECK =
  /^\s*NTLS client source IP validation\s*(?::\s*(Enabled?|Disabled?)|(?:is already\s+)?(enabled|disabled))\.?\s*$/i

function ipcheckValue(line: string): boolean | undefined {
  const m = IPCHECK.exec(line)
  if (!m) return undefined
  return /^enable/i.test(m[1] ?? m[2] ?? '')
}

/** `ntls ipcheck show` (7.x, Azure docs) and the line `ntls ipcheck enable|disable` answers with. */
export function parseNtlsIpcheck(text: string): Result<{ enabled: boolean }, ParseError> {
  const body = bodyLines(text)
  const values = body.map(ipcheckValue).filter((v) => v !== undefined)
  const last = values.at(-1)
  if (last === undefined)
    return parseError(
      'ntls ipcheck: no "NTLS client source IP validation" line was found.',
      errorLine(body) ?? body[0],
    )
  return ok({ enabled: last })
}

export interface NtlsShow {
  /** True only when every fact came from the one-line form a real appliance was seen to print (4.x HID guide). */
  verified: boolean
  running?: boolean
  ipcheck?: boolean
  /** `eth0`, `eth1`, ... or `all` / `none` as printed; for the 4.x form, the device that carries the address. */
  device: string
  /** The bound address or hostname when the appliance shows one. */
  address?: string
  /** 4.x: bound to an address rather than to a device (`NTLS bound to network device: none IP Address: ...`). */
  byAddress?: boolean
  /** Other `Key: value` lines, as printed. */
  other: Record<string, string>
  /** Lines that are not `Key: value` at all (console noise); present only when there were some. */
  unrecognised?: string[]
}

/**
 * `ntls show`. The 4.x HID guide shows one line, `NTLS bound to network device: none IP Address: "192.168.5.200"
 * (eth0)`, and that form is verified. No public source shows 5.x, 6.x or 7.x output: the `Key: value` lines the
 * simulator prints (`NTLS bound to network device: eth0`, `NTLS is running`, ...) are read with `verified: false`.
 */
export function parseNtlsShow(text: string): Result<NtlsShow, ParseError> {
  let device: string | undefined
  let address: string | undefined
  let byAddress: boolean | undefined
  let seenForm = false
  let unseenForm = false
  const other: Record<string, string> = {}
  const unrecognised: string[] = []
  const facts: { running?: boolean; ipcheck?: boolean } = {}
  const body = bodyLines(text)
  const error = errorLine(body)
  if (error) return parseError('ntls show: the appliance reported an error.', error)
  for (const line of body) {
    const seen =
      /^\s*NTLS bound to network device:\s*(\S+)\s+IP Address:\s*"([^"]*)"\s*(?:\((\S+)\))?\s*$/.exec(line)
    if (seen) {
      device = seen[3] ?? seen[1]
      address = seen[2]
      byAddress = seen[1] === 'none'
      seenForm = true
      continue
    }
    const dev = /^\s*NTLS bound to (?:network )?device\s*:\s*(\S+)\s*$/i.exec(line)
    if (dev) {
      device = dev[1]
      unseenForm = true
      continue
    }
    const ip = /^\s*NTLS bound to (?:IP address|hostname or IP address|address)\s*:\s*"?([^"]*?)"?\s*$/i.exec(
      line,
    )
    if (ip) {
      address = ip[1]
      unseenForm = true
      continue
    }
    const running = /^\s*NTLS is (not )?running\s*$/.exec(line)
    if (running) {
      facts.running = running[1] === undefined
      unseenForm = true
      continue
    }
    const ipcheck = ipcheckValue(line)
    if (ipcheck !== undefined) {
      facts.ipcheck = ipcheck
      unseenForm = true
      continue
    }
    const kv = /^\s*([A-Za-z][^:]*?)\s*:\s*(.*?)\s*$/.exec(line)
    if (kv) other[kv[1] ?? ''] = kv[2] ?? ''
    else unrecognised.push(line.trim())
  }
  if (device === undefined)
    return parseError('ntls show: no "NTLS bound to network device" line was found.', body[0])
  // Verified only when every fact came from the seen one-line form, not from the lines only the simulator prints.
  const shown: NtlsShow = { verified: seenForm && !unseenForm, device, ...facts, other }
  if (address !== undefined && address !== '' && address !== '0.0.0.0') shown.address = address
  if (byAddress) shown.byAddress = true
  if (unrecognised.length > 0) shown.unrecognised = unrecognised
  return ok(shown)
}

export interface NtlsBind {
  /** The device NTLS is now bound to (`ntls bind eth0`). */
  device?: string
  /** The address NTLS is now bound to (4.x `ntls bind none -bind <address>`). */
  address?: string
  /** 4.x restarts NTLS after asking: true when `Starting ntls: [ OK ]` was printed, false on `[FAILED]`. */
  restarted?: boolean
}

/**
 * `ntls bind`: 7.x `NTLS binding set to network device eth0.`; 4.x `Success: NTLS binding hostname or IP Address
 * 192.168.5.200 set.` then, after `proceed`, the NTLS restart. 5.x prints a line beginning `Success: NTLS binding`
 * (what luna_outputs.py matches); the rest of it is unverified, so only a device or address in the seen forms is
 * taken from it.
 */
export function parseNtlsBind(text: string): Result<NtlsBind, ParseError> {
  const body = bodyLines(text)
  const facts: NtlsBind = {}
  let confirmed = false
  for (const line of body) {
    const seven = /^\s*NTLS binding set to network device (\S+?)\.?\s*$/.exec(line)
    if (seven) {
      facts.device = seven[1] ?? ''
      confirmed = true
      continue
    }
    const four = /^\s*Success: NTLS binding (hostname or IP Address|network device) (\S+?) set\.?\s*$/i.exec(
      line,
    )
    if (four) {
      if (/device/i.test(four[1] ?? '')) facts.device = four[2] ?? ''
      else facts.address = four[2] ?? ''
      confirmed = true
      continue
    }
    if (/^\s*Success: NTLS binding/.test(line)) confirmed = true
    const start = /^\s*Starting ntls:?\s*\[\s*(OK|FAILED)\s*\]\s*$/i.exec(line)
    if (start) facts.restarted = /^OK$/i.test(start[1] ?? '')
  }
  if (!confirmed)
    return parseError('ntls bind: no line confirms the new binding.', errorLine(body) ?? body[0])
  return ok(facts)
}
