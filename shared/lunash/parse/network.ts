import { keyValue, plainTypography } from './common'
import { bodyLines, errorLine } from './output-lines'
import { lines } from '../text'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface KernelRoute {
  destination: string
  gateway: string
  genmask: string
  flags: string
  metric: number
  iface: string
}

export interface RouteShow {
  /** `10.0.106.0/24 via 172.16.106.1 metric 0 dev eth1`, as printed. */
  manual: string[]
  kernel: KernelRoute[]
  /** Lines that belong to neither table (console noise); present only when there were some. */
  unrecognised?: string[]
}

/** A line of a routing table starts with an address (or `default`); one that does but does not parse is refused. */
const ROUTE_START = /^\s*(?:\d{1,3}(?:\.\d{1,3}){3}|default)\s/
const ROUTE_ROW = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+\d+\s+\d+\s+(\S+)\s*$/

function kernelRoute(line: string): KernelRoute | undefined {
  const m = ROUTE_ROW.exec(line)
  if (!m) return undefined
  const [, destination = '', gateway = '', genmask = '', flags = '', metric = '0', iface = ''] = m
  return { destination, gateway, genmask, flags, metric: Number(metric), iface }
}

/** `network route show` (5.1): the manually configured routes and the kernel routing table. */
export function parseNetworkRouteShow(text: string): Result<RouteShow, ParseError> {
  const facts: RouteShow = { manual: [], kernel: [] }
  const unrecognised: string[] = []
  let section: 'none' | 'manual' | 'kernel' = 'none'
  for (const line of bodyLines(text)) {
    if (/^\s*Manually configured routes\s*$/i.test(line)) section = 'manual'
    else if (/^\s*Kernel IP routing table\s*$/i.test(line)) section = 'kernel'
    else if (/^\s*Destination\s+Gateway\s+Genmask/.test(line)) continue
    else if (section === 'manual' && /^\s*\S+\s+(?:via|dev)\s+\S+/.test(line)) facts.manual.push(line.trim())
    else if (section === 'kernel' && ROUTE_START.test(line)) {
      const route = kernelRoute(line)
      if (!route) return parseError('network route show: a routing table row is not understood.', line)
      facts.kernel.push(route)
    } else unrecognised.push(line.trim())
  }
  if (section !== 'kernel') return parseError('network route show: no "Kernel IP routing table" was found.')
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

export interface InterfaceInfo {
  name: string
  hwaddr?: string
  address?: string
  broadcast?: string
  netmask?: string
  up: boolean
}

/** `status interface`: Linux `ifconfig` blocks, one per device; lines outside a block are not read. */
export function parseStatusInterface(text: string): Result<InterfaceInfo[], ParseError> {
  const out: InterfaceInfo[] = []
  let current: InterfaceInfo | undefined
  for (const line of bodyLines(text)) {
    const head = /^(\S+)\s+Link encap:(.*)$/.exec(line)
    if (head) {
      current = { name: head[1] ?? '', up: false }
      const hw = /HWaddr\s+(\S+)/.exec(head[2] ?? '')
      if (hw) current.hwaddr = hw[1] ?? ''
      out.push(current)
      continue
    }
    if (!current || !/^\s/.test(line)) {
      current = undefined
      continue
    }
    const inet = /^\s*inet addr:(\S+)(?:\s+Bcast:(\S+))?\s+Mask:(\S+)/.exec(line)
    if (inet) {
      current.address = inet[1] ?? ''
      if (inet[2] !== undefined) current.broadcast = inet[2]
      current.netmask = inet[3] ?? ''
    }
    if (/^\s*UP\b/.test(line)) current.up = true
  }
  if (out.length === 0) return parseError('status interface: no "Link encap" line was found.')
  return ok(out)
}

export interface NetworkDevice {
  device: string
  address?: string
  hwaddr?: string
  netmask?: string
  gateway?: string
  /** From the Link status block: `Configured` / `Not configured`. */
  configured?: boolean
  linkDetected?: boolean
}

export interface NetworkShow {
  verified: false
  hostname?: string
  domain?: string
  nameservers: string[]
  searchDomains: string[]
  interfaces: NetworkDevice[]
  routes: KernelRoute[]
  other: Record<string, string>
  /** Lines that are neither `Key: value`, a route nor link status (console noise); present only when some. */
  unrecognised?: string[]
}

/**
 * `network show`. UNVERIFIED: no public source shows it (see fixtures/real/UNVERIFIED-network-client.md); this
 * reads the simulator's form: `Hostname:` / `Domain:` / `IP Address (eth0):` / `Mask (eth0):` / `Gateway (eth0):`
 * / `Name Servers:` lines, a kernel routing table, and a `Link status` block. Empty values mean "not set".
 */
export function parseNetworkShow(text: string): Result<NetworkShow, ParseError> {
  const facts: NetworkShow = {
    verified: false,
    nameservers: [],
    searchDomains: [],
    interfaces: [],
    routes: [],
    other: {},
  }
  const unrecognised: string[] = []
  const device = (name: string): NetworkDevice => {
    let d = facts.interfaces.find((i) => i.device === name)
    if (!d) {
      d = { device: name }
      facts.interfaces.push(d)
    }
    return d
  }
  let section: 'settings' | 'routes' | 'link' = 'settings'
  let linkDevice: NetworkDevice | undefined
  let sawHostname = false
  const body = bodyLines(text)
  const error = errorLine(body)
  if (error) return parseError('network show: the appliance reported an error.', error)
  for (const line of body) {
    if (/^\s*Kernel IP routing table\s*$/.test(line)) {
      section = 'routes'
      continue
    }
    if (/^\s*Link status\s*$/.test(line)) {
      section = 'link'
      continue
    }
    if (section === 'routes') {
      if (/^\s*Destination\s+Gateway\s+Genmask/.test(line)) continue
      if (ROUTE_START.test(line)) {
        const route = kernelRoute(line)
        if (!route) return parseError('network show: a routing table row is not understood.', line)
        facts.routes.push(route)
        continue
      }
    }
    if (section === 'link') {
      const state = /^\s*((?:eth|bond)\d+):\s*(Configured|Not configured)\s*$/i.exec(line)
      if (state) {
        linkDevice = device(state[1] ?? '')
        linkDevice.configured = /^configured$/i.test(state[2] ?? '')
        continue
      }
      const detected = /^\s*Link detected:\s*(yes|no)\s*$/i.exec(line)
      if (detected && linkDevice) {
        linkDevice.linkDetected = /yes/i.test(detected[1] ?? '')
        continue
      }
    }
    const pair = /^\s*[A-Za-z]/.test(line) ? keyValue(line) : undefined
    if (!pair || section !== 'settings') {
      unrecognised.push(line.trim())
      continue
    }
    const [key, value] = pair
    const perDevice = /^(IP Address|HW Address|Mask|Gateway) \(((?:eth|bond)\d+)\)$/.exec(key)
    if (perDevice) {
      const d = device(perDevice[2] ?? '')
      if (value === '') continue
      const field = (
        { 'IP Address': 'address', 'HW Address': 'hwaddr', Mask: 'netmask', Gateway: 'gateway' } as const
      )[perDevice[1] as 'IP Address' | 'HW Address' | 'Mask' | 'Gateway']
      d[field] = value
    } else if (key === 'Hostname') {
      sawHostname = true
      if (value !== '') facts.hostname = value
    } else if (key === 'Domain') {
      if (value !== '') facts.domain = value
    } else if (key === 'Name Servers') facts.nameservers = value.split(/[\s,]+/).filter((x) => x !== '')
    else if (key === 'Search Domain(s)') facts.searchDomains = value.split(/[\s,]+/).filter((x) => x !== '')
    else facts.other[key] = value
  }
  if (!sawHostname) return parseError('network show: no "Hostname:" line was found.', body[0])
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

export interface ApplianceName {
  name: string
  /** Where it was read: the `[name] lunash:>` prompt, or the `Hostname:` line of `network show`. */
  source: 'prompt' | 'network show'
  /** `local_host` / `localhost`: the factory name of an appliance nobody has named yet. */
  unconfigured: boolean
}

/** `[name] lunash:>`: the bracket holds the hostname (or the address an appliance is known by). */
const PROMPT_NAME = /^\s*\[([^\]\s]+)\]\s?lunash[:;]\s?>/

/**
 * The appliance's own name: from the last prompt in the text, which every command output ends with and which a
 * real appliance prints even when `network show` is not understood; else from `network show`'s `Hostname:`.
 */
export function parseApplianceName(text: string): Result<ApplianceName, ParseError> {
  const fromPrompt = lines(text)
    .map((l) => PROMPT_NAME.exec(plainTypography(l))?.[1])
    .filter((n) => n !== undefined)
    .at(-1)
  const name = (n: string, source: ApplianceName['source']): ApplianceName => ({
    name: n,
    source,
    unconfigured: /^local_?host$/i.test(n),
  })
  if (fromPrompt !== undefined) return ok(name(fromPrompt, 'prompt'))
  const shown = parseNetworkShow(text)
  if (shown.ok && shown.value.hostname !== undefined) return ok(name(shown.value.hostname, 'network show'))
  return parseError('The appliance name is neither in a "[name] lunash:>" prompt nor in a "Hostname:" line.')
}

export interface PingResult {
  target: string
  transmitted: number
  received: number
  lossPercent: number
}

/** `network ping <host>` (4.x `net ping`): Linux ping, as in the HID guide; the statistics line decides. */
export function parsePing(text: string): Result<PingResult, ParseError> {
  const body = bodyLines(text)
  const unknown = body.find((l) => /^\s*ping:\s*unknown host/i.test(l))
  if (unknown) return parseError('ping: the name does not resolve on the appliance.', unknown.trim())
  const head = body.map((l) => /^\s*PING\s+(\S+)/.exec(l)).find((m) => m !== null)
  for (const line of body) {
    const m =
      /^\s*(\d+) packets transmitted, (\d+)(?: packets)? received,.*?(\d+(?:\.\d+)?)% packet loss/.exec(line)
    if (m)
      return ok({
        target: head?.[1] ?? '',
        transmitted: Number(m[1]),
        received: Number(m[2]),
        lossPercent: Number(m[3]),
      })
  }
  return parseError('ping: no "packets transmitted" statistics line was found.', body[0])
}

/** The first line a pattern matches in an output, or why there is none. */
function found(text: string, pattern: RegExp, missing: string): Result<RegExpExecArray, ParseError> {
  const body = bodyLines(text)
  for (const line of body) {
    const m = pattern.exec(line)
    if (m) return ok(m)
  }
  return parseError(missing, errorLine(body) ?? body[0])
}

/** `network hostname <name>` (4.x `net hostname`): `Success: Hostname <name> set.` */
export function parseHostnameSet(text: string): Result<{ hostname: string }, ParseError> {
  const m = found(
    text,
    /^\s*Success: Hostname (\S+) set\.?\s*$/,
    'network hostname: no "Success: Hostname <name> set." line was found.',
  )
  return m.ok ? ok({ hostname: m.value[1] ?? '' }) : m
}

/** `network domain <name>` (4.x `net domain`): `Success: DomainName <name> set.` (HID guide). */
export function parseDomainSet(text: string): Result<{ domain: string }, ParseError> {
  const m = found(
    text,
    /^\s*Success: Domain ?Name (\S+) set\.?\s*$/i,
    'network domain: no "Success: DomainName <name> set." line was found.',
  )
  return m.ok ? ok({ domain: m.value[1] ?? '' }) : m
}

/** `network dns add nameserver <ip>` (4.x `net dns -nameserver`): `Success: Nameserver <ip> added` (HID guide). */
export function parseNameserverAdded(text: string): Result<{ nameserver: string }, ParseError> {
  const m = found(
    text,
    /^\s*Success: Name ?server (\S+) added\.?\s*$/i,
    'network dns: no "Success: Nameserver <address> added" line was found.',
  )
  return m.ok ? ok({ nameserver: m.value[1] ?? '' }) : m
}

/** `network interface ...`: the restart block; `Bringing up interface eth0: [ OK ]` proves the device came up. */
export function parseInterfaceRestart(
  text: string,
): Result<{ restarted: boolean; devicesUp: string[] }, ParseError> {
  const body = bodyLines(text)
  const restarted = body.some((l) => /Restarting network service/i.test(l))
  const devicesUp = body
    .map((l) => /^\s*Bringing up interface (\S+?):?\s*\[\s*OK\s*\]\s*$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => m[1] ?? '')
  if (!restarted && devicesUp.length === 0)
    return parseError(
      'network interface: no "Restarting network service" line was found.',
      errorLine(body) ?? body[0],
    )
  return ok({ restarted, devicesUp })
}
