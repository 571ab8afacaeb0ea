/**
 * Validators for every field that goes into a lunash command line. Each returns the value as it will be typed,
 * or a message a person can act on. Nothing that fails here is ever sent.
 */
import { err, ok, type Result } from './result'
import { TIME_ZONES } from './timezones'

export interface FieldError {
  field: string
  message: string
}

export type Validated<T = string> = Result<T, FieldError>

const fail = (field: string, message: string): { ok: false; error: FieldError } => err({ field, message })

/** Names a character the way an operator can find it: `a newline`, `a TAB`, `U+001B (escape)`. */
function describe(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  const names: Record<number, string> = {
    0x0a: 'a newline',
    0x0d: 'a carriage return',
    0x09: 'a TAB',
    0x00: 'a NUL character',
    0x1b: 'an ESC (escape) character',
    0x7f: 'a DEL character',
  }
  return names[code] ?? `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * The rule every field passes first: one line, no control characters, no second command.
 * lunash runs one command per line, so a newline is the real danger; `;`, `&&`, `|`, backquote and `$(`
 * are refused too because a field that contains them is certainly a mistake or an attack.
 */
export function singleLineField(field: string, value: string): Validated {
  // Fields arrive from the renderer, which is untrusted: the type is checked here too, not only by TypeScript.
  if (typeof value !== 'string') return fail(field, `${field} is missing; type a value.`)
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029)
      return fail(
        field,
        `${field} contains ${describe(ch)}. Type it on one line, without control characters.`,
      )
  }
  const second = /(;|&&|\|\||\||`|\$\()/.exec(value)
  if (second)
    return fail(field, `${field} contains "${second[1]}", which could start a second command. Remove it.`)
  return ok(value)
}

/** Hyphen-minus and the dashes a word processor or keyboard layout puts in its place (lunash reads `–x` too). */
const DASHES = /^[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/

function plain(field: string, value: string, label = field): Validated {
  const line = singleLineField(label, value)
  if (!line.ok) return line
  if (value.trim() === '') return fail(field, `${label} is empty.`)
  if (value !== value.trim()) return fail(field, `${label} has spaces at the start or end. Remove them.`)
  const dash = leadingDash(label, value)
  return dash === undefined ? ok(value) : fail(field, dash)
}

/**
 * Every field is a word on a command line (lunash's, vtl's): one that starts with a dash is read as an option, so
 * a label of "-force" would turn `hsm init -label -force` into a forced, unconfirmed initialisation.
 */
function leadingDash(label: string, value: string): string | undefined {
  if (!DASHES.test(value)) return undefined
  return `${label} "${value}" begins with "${value[0]}": on a command line that makes it an option, not a value (as in "hsm init -label -force"). Start it with a letter or digit.`
}

export function ipv4(value: string, field = 'IP address'): Validated {
  const base = plain(field, value)
  if (!base.ok) return base
  const parts = value.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p)))
    return fail(field, `${field} "${value}" is not a dotted-quad IPv4 address such as 192.168.5.200.`)
  for (const p of parts) {
    if (p.length > 1 && p.startsWith('0'))
      return fail(
        field,
        `${field} "${value}" has a leading zero in "${p}"; some tools read that as octal. Write ${Number(p)}.`,
      )
    if (Number(p) > 255)
      return fail(field, `${field} "${value}": each part must be 0 to 255, and ${p} is not.`)
  }
  return ok(value)
}

const toInt = (ip: string): number => ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0)

export function netmask(value: string, field = 'Netmask'): Validated {
  const ip = ipv4(value, field)
  if (!ip.ok) return ip
  const n = toInt(value)
  const inverted = ~n >>> 0
  // Contiguous: the inverted mask plus one is a power of two (all ones, then all zeros).
  if ((inverted & (inverted + 1)) !== 0)
    return fail(
      field,
      `${field} "${value}" is not contiguous (ones then zeros), e.g. 255.255.255.0 or 255.255.255.224.`,
    )
  if (n === 0)
    return fail(field, `${field} 0.0.0.0 leaves no network; use the mask of the appliance's subnet.`)
  return ok(value)
}

/** A gateway: an IPv4 address; with an address and mask, on the same subnet and not the address itself. */
export function gateway(value: string, address?: string, mask?: string): Validated {
  const ip = ipv4(value, 'Gateway')
  if (!ip.ok) return ip
  if (address !== undefined && mask !== undefined && ipv4(address).ok && netmask(mask).ok) {
    const m = toInt(mask)
    if ((toInt(value) & m) >>> 0 !== (toInt(address) & m) >>> 0)
      return fail(
        'Gateway',
        `Gateway ${value} is not on the subnet of ${address}/${mask}; the appliance could not reach it.`,
      )
    if (value === address) return fail('Gateway', `Gateway ${value} is the appliance's own address.`)
  }
  return ok(value)
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

/** RFC 1123: labels of letters, digits and hyphens (not first or last), 1–63 characters, 253 in all. */
export function hostname(value: string, field = 'Hostname'): Validated {
  const base = plain(field, value)
  if (!base.ok) return base
  if (value.length > 253) return fail(field, `${field} is ${value.length} characters; the limit is 253.`)
  const bad = value.split('.').find((l) => !LABEL.test(l))
  if (bad !== undefined) {
    if (bad === '')
      return fail(field, `${field} "${value}" has an empty label (two dots, or a dot at the start or end).`)
    if (bad.length > 63)
      return fail(field, `${field}: the label "${bad.slice(0, 20)}…" is longer than 63 characters.`)
    if (/_/.test(bad))
      return fail(
        field,
        `${field} "${value}": underscores are not allowed in host names (RFC 1123). Use a hyphen.`,
      )
    return fail(
      field,
      `${field} "${value}": "${bad}" may hold only letters, digits and hyphens, and may not start or end with a hyphen.`,
    )
  }
  return ok(value)
}

/** A DNS domain: RFC 1123 labels, at least two of them. */
export function domain(value: string): Validated {
  const name = hostname(value, 'Domain')
  if (!name.ok) return name
  if (!value.includes('.'))
    return fail('Domain', `Domain "${value}" has one label; a domain looks like example.com.`)
  return ok(value)
}

export function timeZone(value: string): Validated {
  const base = plain('Time zone', value)
  if (!base.ok) return base
  if (!TIME_ZONES.includes(value)) {
    const hint = TIME_ZONES.find((z) => z.toLowerCase() === value.toLowerCase())
    return fail(
      'Time zone',
      hint
        ? `Time zone "${value}" must be written "${hint}" (zone names are case-sensitive).`
        : `Time zone "${value}" is not in the list of zones the appliance accepts. Pick one from the list, e.g. UTC or Europe/Berlin.`,
    )
  }
  return ok(value)
}

/** `HH:MM`, 24-hour. */
export function time(value: string): Validated {
  const base = plain('Time', value)
  if (!base.ok) return base
  const m = /^(\d{2}):(\d{2})$/.exec(value)
  if (!m) return fail('Time', `Time "${value}" must be HH:MM on the 24-hour clock, e.g. 14:05.`)
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return fail('Time', `Time "${value}" is not a time of day.`)
  return ok(value)
}

/** `YYYYMMDD`, a real calendar date. */
export function date(value: string): Validated {
  const base = plain('Date', value)
  if (!base.ok) return base
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  if (!m) return fail('Date', `Date "${value}" must be YYYYMMDD, e.g. 20261128.`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return fail('Date', `Date "${value}" is not a calendar date.`)
  if (y < 2000 || y > 2099) return fail('Date', `Date "${value}": the year must be between 2000 and 2099.`)
  return ok(value)
}

/** HSM label: up to 32 characters (hsm init), printable, no quotes (the shell splits on spaces). */
export function hsmLabel(value: string): Validated {
  const base = plain('HSM label', value)
  if (!base.ok) return base
  if (value.length > 32) return fail('HSM label', `HSM label is ${value.length} characters; the limit is 32.`)
  if (!/^[A-Za-z0-9_.-]+$/.test(value))
    return fail(
      'HSM label',
      `HSM label "${value}" may hold only letters, digits, "_", "-" and ".", without spaces.`,
    )
  return ok(value)
}

/** Partition name: Luna's rule is "never start a label with a digit"; letters, digits, `_`, `-`, up to 32. */
export function partitionName(value: string): Validated {
  const base = plain('Partition name', value)
  if (!base.ok) return base
  if (value.length > 32)
    return fail('Partition name', `Partition name is ${value.length} characters; the limit is 32.`)
  if (/^\d/.test(value))
    return fail('Partition name', `Partition name "${value}" starts with a digit; Luna does not allow that.`)
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(value))
    return fail(
      'Partition name',
      `Partition name "${value}" may hold only letters, digits, "_" and "-", starting with a letter.`,
    )
  return ok(value)
}

/** Client name on the appliance: the name given to `client register -client`. */
export function clientName(value: string): Validated {
  const base = plain('Client name', value)
  if (!base.ok) return base
  if (value.length > 64)
    return fail('Client name', `Client name is ${value.length} characters; the limit is 64.`)
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value))
    return fail(
      'Client name',
      `Client name "${value}" may hold only letters, digits, ".", "_" and "-", and no spaces.`,
    )
  return ok(value)
}

/** A client's address for `client register`: an IPv4 address or an RFC 1123 host name. */
export function clientAddress(value: string): Validated<{ kind: 'ip' | 'hostname'; value: string }> {
  if (typeof value !== 'string')
    return fail('Client address', 'Client address is missing; type a host name or an IP address.')
  if (/^[\d.]+$/.test(value)) {
    const ip = ipv4(value, 'Client address')
    return ip.ok ? ok({ kind: 'ip', value }) : ip
  }
  const host = hostname(value, 'Client address')
  return host.ok ? ok({ kind: 'hostname', value }) : host
}

/** An IPv6 address in its text forms (full, with `::`, or ending in a dotted IPv4), without brackets or a zone. */
export function isIpv6(value: string): boolean {
  const gap = value.indexOf('::')
  if (gap >= 0 && value.includes('::', gap + 1)) return false
  const split = (part: string) => (part === '' ? [] : part.split(':'))
  let groups = gap >= 0 ? [...split(value.slice(0, gap)), ...split(value.slice(gap + 2))] : value.split(':')
  let count = groups.length
  const last = groups.at(-1)
  if (last?.includes('.')) {
    if (!ipv4(last).ok) return false
    groups = groups.slice(0, -1)
    count += 1 // an IPv4 tail stands for two groups
  }
  if (gap >= 0 ? count > 7 : count !== 8) return false
  return groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))
}

/**
 * Where Rackside connects to (an appliance, a client name): an IPv4 or IPv6 address, or an RFC 1123 host name.
 * A message in the form the request validator prints after the field's name, or undefined when it is fine.
 */
export function hostAddressProblem(value: string): string | undefined {
  const generic = 'must be a host name or IP address'
  const dash = typeof value === 'string' ? leadingDash('The name', value) : undefined
  if (dash) return `${generic}. ${dash}`
  if (typeof value !== 'string' || !/^[A-Za-z0-9.:_-]{1,253}$/.test(value)) return generic
  if (/^[^:]+:\d{1,5}$/.test(value))
    return `${generic}, without a port ("${value}"): give the port in its own field`
  if (value.includes(':'))
    return isIpv6(value) ? undefined : `${generic}: "${value}" is not a valid IPv6 address`
  const checked = /^[\d.]+$/.test(value) ? ipv4(value, 'The address') : hostname(value, 'The host name')
  return checked.ok ? undefined : `${generic}. ${checked.error.message}`
}

/** An NTP server: an IPv4 address or a host name. */
export function ntpServer(value: string): Validated {
  if (typeof value === 'string' && /^[\d.]+$/.test(value)) return ipv4(value, 'NTP server')
  return hostname(value, 'NTP server')
}

/** Ping target: an IPv4 address or a host name. */
export function pingTarget(value: string): Validated {
  if (typeof value === 'string' && /^[\d.]+$/.test(value)) return ipv4(value, 'Ping target')
  return hostname(value, 'Ping target')
}

/**
 * Luna password rules (7.x, the 5.x first-login text says the same): at least 8 characters from at least 3 of
 * 4 classes. The message never repeats the password.
 */
export function password(value: string, field = 'Password'): Validated {
  if (typeof value !== 'string') return fail(field, `${field} is missing; type one.`)
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || c === 0x7f)
      return fail(field, `${field} contains ${describe(ch)}; it cannot be typed at the appliance's prompt.`)
  }
  const length = [...value].length
  if (length < 8) return fail(field, `${field} has ${length} characters; it needs at least 8.`)
  if (length > 128) return fail(field, `${field} has ${length} characters; the limit is 128.`)
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length
  if (classes < 3)
    return fail(
      field,
      `${field} uses ${classes} of the 4 character classes (lower case, upper case, digits, other); it needs at least 3.`,
    )
  return ok(value)
}

/** A policy code: a small non-negative integer as shown in the Code column of showPolicies. */
export function policyCode(value: number | string): Validated<number> {
  if (typeof value !== 'number' && typeof value !== 'string')
    return fail('Policy code', 'Policy code is missing.')
  const text = String(value)
  const base = plain('Policy code', text)
  if (!base.ok) return base
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255)
    return fail(
      'Policy code',
      `Policy code "${text}" must be a number from the Code column of showPolicies, e.g. 16.`,
    )
  return ok(Number(text))
}

/** A policy value: most are 0/1 (off/on); some take a number. */
export function policyValue(value: number | string): Validated<number> {
  if (typeof value !== 'number' && typeof value !== 'string')
    return fail('Policy value', 'Policy value is missing.')
  const text = String(value)
  const base = plain('Policy value', text)
  if (!base.ok) return base
  if (!/^\d{1,10}$/.test(text))
    return fail('Policy value', `Policy value "${text}" must be a whole number, 0 (off) or 1 (on).`)
  return ok(Number(text))
}

export const NETWORK_DEVICES = ['eth0', 'eth1', 'eth2', 'eth3', 'bond0', 'bond1'] as const
export type NetworkDevice = (typeof NETWORK_DEVICES)[number]

export function networkDevice(value: string): Validated<NetworkDevice> {
  const base = plain('Network device', value)
  if (!base.ok) return base
  const found = NETWORK_DEVICES.find((d) => d === value)
  if (!found)
    return fail('Network device', `Network device "${value}" must be one of ${NETWORK_DEVICES.join(', ')}.`)
  return ok(found)
}

/** For `ntls bind`: a device or `all`. */
export function ntlsBinding(value: string): Validated {
  if (value === 'all') return ok(value)
  return networkDevice(value)
}

export const SERVICES = ['ntls', 'ntp', 'syslog', 'snmp', 'stc', 'sshd'] as const
export type ServiceName = (typeof SERVICES)[number]

/** A yes/no choice from a form. */
export function flag(field: string, value: boolean): Validated<boolean> {
  return typeof value === 'boolean' ? ok(value) : fail(field, `${field} must be on or off.`)
}

export function serviceName(value: string): Validated<ServiceName> {
  const found = SERVICES.find((s) => s === value)
  if (!found) return fail('Service', `Service "${value}" must be one of ${SERVICES.join(', ')}.`)
  return ok(found)
}

/** An uploaded file name in the admin's home (firmware package, client certificate). */
export function fileName(value: string): Validated {
  const base = plain('File name', value)
  if (!base.ok) return base
  if (value.length > 128)
    return fail('File name', `File name is ${value.length} characters; the limit is 128.`)
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/.test(value) || value.includes('..'))
    return fail(
      'File name',
      `File name "${value}" may hold only letters, digits, ".", "_", "-", "+" and "@", and no path.`,
    )
  return ok(value)
}

/** A firmware version as `hsm show` prints it: `6.10.9`. */
export function firmwareVersion(value: string): Validated {
  const base = plain('Firmware version', value)
  if (!base.ok) return base
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value))
    return fail(
      'Firmware version',
      `Firmware version "${value}" must look like 6.10.9 (as hsm show prints it).`,
    )
  return ok(value)
}

/** An appliance user name: 1–128 characters from `a-zA-Z0-9-._` (lunash `user add`). */
export function userName(value: string): Validated {
  const base = plain('User name', value)
  if (!base.ok) return base
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value))
    return fail(
      'User name',
      `User name "${value}" may hold only letters, digits, ".", "_" and "-" (1 to 128 of them).`,
    )
  return ok(value)
}
