import type { ApplianceState, InterfaceState } from '../state'

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')
}

export function networkOf(address: string, netmask: string): string {
  const a = toInt(address)
  const m = toInt(netmask)
  // Bitwise ops are signed 32-bit in JS; go through unsigned.
  return fromInt((a & m) >>> 0)
}

export function broadcastOf(address: string, netmask: string): string {
  return fromInt(((toInt(address) & toInt(netmask)) | (~toInt(netmask) >>> 0)) >>> 0)
}

function configured(state: ApplianceState): [string, InterfaceState][] {
  return Object.entries(state.network.interfaces).filter(([, i]) => i.address !== '')
}

/** The kernel routing table part of `network route show` (S4 layout). */
export function kernelRoutes(state: ApplianceState): string {
  const row = (dst: string, gw: string, mask: string, flags: string, dev: string): string =>
    `${dst.padEnd(16)}${gw.padEnd(16)}${mask.padEnd(16)}${flags.padEnd(6)}0      0        0 ${dev}\n`
  const rows: string[] = []
  // Grouped per device, static routes before the device's own subnet, as in the S4 capture.
  for (const [dev, i] of configured(state)) {
    for (const r of state.network.routes.filter((route) => route.device === dev)) {
      rows.push(row(r.network, r.gateway, r.netmask, 'UG', r.device))
    }
    rows.push(row(networkOf(i.address, i.netmask), '0.0.0.0', i.netmask, 'U', dev))
  }
  const gateway = configured(state).find(([, i]) => i.gateway !== '')
  if (gateway) rows.push(row('0.0.0.0', gateway[1].gateway, '0.0.0.0', 'UG', gateway[0]))
  return (
    'Kernel IP routing table\n' +
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
    rows.join('')
  )
}

function prefixLength(netmask: string): number {
  return toInt(netmask).toString(2).replace(/0/g, '').length
}

export function printRouteShow(state: ApplianceState): string {
  const manual = state.network.routes
    .map((r) => `${r.network}/${prefixLength(r.netmask)} via ${r.gateway} metric 0 dev ${r.device}\n`)
    .join('')
  return `\n\nManually configured routes\n${manual}\n${kernelRoutes(state)}\n`
}

/** unverified: NOT FOUND in reference (`network show`); modelled on the 5.x layout as remembered. */
export function printNetworkShow(state: ApplianceState): string {
  const net = state.network
  const f = (name: string, value: string): string => `        ${`${name}:`.padEnd(25)}${value}\n`
  let text = '\n\n' + f('Hostname', net.hostname ?? 'local_host') + f('Domain', net.domain ?? '')
  for (const [dev, i] of Object.entries(net.interfaces)) {
    text +=
      f(`IP Address (${dev})`, i.address) +
      f(`HW Address (${dev})`, i.mac) +
      f(`Mask (${dev})`, i.netmask) +
      f(`Gateway (${dev})`, i.gateway)
  }
  text += '\n' + f('Name Servers', net.dnsServers.join(' ')) + f('Search Domain(s)', net.dnsSearch.join(' '))
  text += '\n' + kernelRoutes(state).replace(/^/gm, '        ').replace(/ +$/, '')
  text += '\n        Link status\n'
  for (const [dev, i] of Object.entries(net.interfaces)) {
    text += `          ${dev}: ${i.address ? 'Configured' : 'Not configured'}\n                Link detected: ${i.address ? 'yes' : 'no'}\n`
  }
  return `${text}\n`
}

/** `status interface`: plain Linux ifconfig (S4). */
export function printIfconfig(state: ApplianceState): string {
  const blocks = Object.entries(state.network.interfaces).map(([dev, i]) => {
    const inet = i.address
      ? `          inet addr:${i.address}  Bcast:${broadcastOf(i.address, i.netmask)}  Mask:${i.netmask}\n`
      : ''
    return (
      `${dev.padEnd(10)}Link encap:Ethernet  HWaddr ${i.mac}\n${inet}` +
      `          ${i.address ? 'UP BROADCAST RUNNING MULTICAST' : 'BROADCAST MULTICAST'}  MTU:1500  Metric:1\n` +
      '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
      '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n\n'
    )
  })
  return (
    '\n' +
    blocks.join('') +
    'lo        Link encap:Local Loopback\n' +
    '          inet addr:127.0.0.1  Mask:255.0.0.0\n' +
    '          UP LOOPBACK RUNNING  MTU:16436  Metric:1\n\n'
  )
}
