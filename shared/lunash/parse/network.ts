import { contentLines, keyValue } from './common'
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
}

/** `network route show` (5.1). */
export function parseNetworkRouteShow(text: string): Result<RouteShow, ParseError> {
  const facts: RouteShow = { manual: [], kernel: [] }
  let section: 'none' | 'manual' | 'kernel' = 'none'
  for (const line of contentLines(text)) {
    if (/^\s*Manually configured routes\s*$/.test(line)) section = 'manual'
    else if (/^\s*Kernel IP routing table\s*$/.test(line)) section = 'kernel'
    else if (/^\s*Destination\s+Gateway\s+Genmask/.test(line)) continue
    else if (section === 'manual') facts.manual.push(line.trim())
    else if (section === 'kernel') {
      const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+\d+\s+\d+\s+(\S+)\s*$/.exec(line)
      if (!m) return parseError('network route show: a routing table row is not understood.', line)
      const [, destination = '', gateway = '', genmask = '', flags = '', metric = '0', iface = ''] = m
      facts.kernel.push({ destination, gateway, genmask, flags, metric: Number(metric), iface })
    } else return parseError('network route show: a line comes before any section heading.', line)
  }
  if (section !== 'kernel') return parseError('network route show: no "Kernel IP routing table" was found.')
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

/** `status interface`: Linux `ifconfig` blocks, one per device. */
export function parseStatusInterface(text: string): Result<InterfaceInfo[], ParseError> {
  const out: InterfaceInfo[] = []
  for (const line of contentLines(text)) {
    const head = /^(\S+)\s+Link encap:(.*)$/.exec(line)
    if (head) {
      const info: InterfaceInfo = { name: head[1] ?? '', up: false }
      const hw = /HWaddr\s+(\S+)/.exec(head[2] ?? '')
      if (hw) info.hwaddr = hw[1] ?? ''
      out.push(info)
      continue
    }
    const current = out.at(-1)
    if (!current || !/^\s/.test(line))
      return parseError('status interface: a line is not part of an interface block.', line)
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
}

/**
 * `network show`. UNVERIFIED: the reference has no transcript (NOT FOUND); this reads the simulator's form:
 * `Hostname:` / `Domain:` / `IP Address (eth0):` / `Mask (eth0):` / `Gateway (eth0):` / `Name Servers:` lines,
 * a kernel routing table, and a `Link status` block. Empty values mean "not set".
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
  for (const line of contentLines(text)) {
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
      const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+\d+\s+\d+\s+(\S+)\s*$/.exec(line)
      if (!m) return parseError('network show: a routing table row is not understood.', line)
      const [, destination = '', gateway = '', genmask = '', flags = '', metric = '0', iface = ''] = m
      facts.routes.push({ destination, gateway, genmask, flags, metric: Number(metric), iface })
      continue
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
      return parseError('network show: a link status line is not understood.', line)
    }
    const pair = keyValue(line)
    if (!pair) return parseError('network show: a line is not understood.', line)
    const [key, value] = pair
    const perDevice = /^(IP Address|HW Address|Mask|Gateway) \(((?:eth|bond)\d+)\)$/.exec(key)
    if (perDevice) {
      if (value === '') {
        device(perDevice[2] ?? '')
        continue
      }
      const d = device(perDevice[2] ?? '')
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
  if (!sawHostname) return parseError('network show: no "Hostname:" line was found.')
  return ok(facts)
}

export interface PingResult {
  target: string
  transmitted: number
  received: number
  lossPercent: number
}

/** `network ping <host>`: Linux ping, as in the HID guide; the statistics line decides. */
export function parsePing(text: string): Result<PingResult, ParseError> {
  const body = contentLines(text)
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
  return parseError('ping: no "packets transmitted" statistics line was found.')
}

/** `network hostname <name>`: `Success: Hostname <name> set.` */
export function parseHostnameSet(text: string): Result<{ hostname: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*Success: Hostname (\S+) set\.?\s*$/.exec(line)
    if (m) return ok({ hostname: m[1] ?? '' })
  }
  return parseError('network hostname: no "Success: Hostname <name> set." line was found.')
}

/** `network domain <name>`: `Success: DomainName <name> set.` (HID guide). */
export function parseDomainSet(text: string): Result<{ domain: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*Success: Domain ?Name (\S+) set\.?\s*$/i.exec(line)
    if (m) return ok({ domain: m[1] ?? '' })
  }
  return parseError('network domain: no "Success: DomainName <name> set." line was found.')
}

/** `network dns add nameserver <ip>`: `Success: Nameserver <ip> added` (HID guide). */
export function parseNameserverAdded(text: string): Result<{ nameserver: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*Success: Name ?server (\S+) added\.?\s*$/i.exec(line)
    if (m) return ok({ nameserver: m[1] ?? '' })
  }
  return parseError('network dns: no "Success: Nameserver <address> added" line was found.')
}

/** `network interface ...`: the restart block; `Bringing up interface eth0: [ OK ]` proves the device came up. */
export function parseInterfaceRestart(
  text: string,
): Result<{ restarted: boolean; devicesUp: string[] }, ParseError> {
  const body = contentLines(text)
  const restarted = body.some((l) => /Restarting network service/i.test(l))
  const devicesUp = body
    .map((l) => /^\s*Bringing up interface (\S+?):?\s*\[\s*OK\s*\]\s*$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => m[1] ?? '')
  if (!restarted && devicesUp.length === 0)
    return parseError('network interface: no "Restarting network service" line was found.')
  return ok({ restarted, devicesUp })
}
