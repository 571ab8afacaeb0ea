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

export interface NetworkShow {
  verified: false
  hostname?: string
  domain?: string
  nameservers: string[]
  interfaces: { device: string; address?: string; netmask?: string; gateway?: string }[]
  other: Record<string, string>
}

/**
 * `network show`. UNVERIFIED: the reference has no transcript. Reads `Key: value` lines the way the simulator
 * prints them (`Hostname:`, `Domain:`, `Name Server:` / `DNS Servers:`, and per-device `eth0` sections with
 * `IP Address:` / `Netmask:` / `Gateway:`), plus `ifconfig` blocks if the appliance prints those instead.
 */
export function parseNetworkShow(text: string): Result<NetworkShow, ParseError> {
  const facts: NetworkShow = { verified: false, nameservers: [], interfaces: [], other: {} }
  let device: NetworkShow['interfaces'][number] | undefined
  for (const line of contentLines(text)) {
    if (/^\s*[-=]+\s*$/.test(line)) continue
    const dev = /^\s*(?:Device|Interface)?:?\s*((?:eth|bond)\d+)\s*:?\s*(?:Link encap:.*)?$/i.exec(line)
    if (dev) {
      device = { device: dev[1] ?? '' }
      facts.interfaces.push(device)
      continue
    }
    const pair = keyValue(line)
    if (!pair) {
      if (/^\s*(?:Network|Ethernet|DNS|Appliance)\b.*$/i.test(line)) continue // section titles
      return parseError('network show: a line is not understood.', line)
    }
    const [rawKey, value] = pair
    const key = rawKey.toLowerCase().replace(/\s+/g, ' ')
    if (/^inet addr/.test(key)) {
      const m = /^(\S+).*Mask:(\S+)/.exec(value)
      if (device && m) Object.assign(device, { address: m[1], netmask: m[2] })
    } else if (key === 'hostname' || key === 'host name') facts.hostname = value
    else if (key === 'domain' || key === 'domain name' || key === 'domainname') facts.domain = value
    else if (/^(dns|name ?servers?|dns servers?|nameserver)( \d+)?$/.test(key))
      facts.nameservers.push(...value.split(/[\s,]+/).filter((v) => v !== ''))
    else if (device && /^(ip address|ip|address|inet)$/.test(key)) device.address = value
    else if (device && /^(netmask|mask|subnet mask)$/.test(key)) device.netmask = value
    else if (device && /^(gateway|default gateway)$/.test(key)) device.gateway = value
    else facts.other[device ? `${device.device} ${rawKey}` : rawKey] = value
  }
  if (facts.hostname === undefined && facts.interfaces.length === 0)
    return parseError('network show: neither a hostname nor an interface was found.')
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
