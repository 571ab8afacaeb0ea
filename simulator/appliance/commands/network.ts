import type { CommandContext, CommandSpec } from '../commandTable'
import { CommandFailure, failed, RC, usageError } from '../errors'
import { printNetworkShow, printRouteShow } from '../printers/network'
import { confirmOrCancel, FORCE, requireOption } from './common'

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9_-]{0,62}))*$/

function ipv4(value: string, what: string): string {
  if (!IPV4.test(value)) throw usageError(`Invalid ${what}: ${value}`)
  return value
}

function requireDevice(ctx: CommandContext, device: string): string {
  if (!(device in ctx.app.state.network.interfaces)) throw usageError(`Invalid network device: ${device}`)
  return device
}

function addNameserver(ctx: CommandContext, server: string): void {
  const dns = ctx.app.state.network.dnsServers
  ipv4(server, 'name server')
  if (!dns.includes(server)) dns.push(server)
  ctx.app.commit()
  ctx.io.print(`Success: Nameserver ${server} added\n`)
}

function addSearch(ctx: CommandContext, domain: string): void {
  const search = ctx.app.state.network.dnsSearch
  if (!HOSTNAME.test(domain)) throw usageError(`Invalid search domain: ${domain}`)
  if (!search.includes(domain)) search.push(domain)
  ctx.app.commit()
  // unverified: NOT FOUND in reference (by analogy with the nameserver line).
  ctx.io.print(`Success: Search domain ${domain} added\n`)
}

function deleteDns(ctx: CommandContext, kind: string, value: string): void {
  const net = ctx.app.state.network
  const list = kind.startsWith('name') ? net.dnsServers : net.dnsSearch
  if (!list.includes(value))
    throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, `Error:  ${value} is not configured.`)
  list.splice(list.indexOf(value), 1)
  ctx.app.commit()
  // unverified: NOT FOUND in reference.
  ctx.io.print(`Success: ${kind.startsWith('name') ? 'Nameserver' : 'Search domain'} ${value} deleted\n`)
}

async function setInterface(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const device = requireDevice(ctx, requireOption(ctx, 'device'))
  const address = ipv4(requireOption(ctx, 'ip'), 'IP address')
  const netmask = ipv4(requireOption(ctx, 'netmask'), 'netmask')
  const gatewayOption = ctx.option('gateway')
  const gateway = gatewayOption === undefined ? '' : ipv4(gatewayOption, 'gateway')
  await confirmOrCancel(
    ctx,
    "If you are sure that you want to restart the network, then type 'proceed'; otherwise, type 'quit':\n> ",
  )
  const iface = app.state.network.interfaces[device]
  if (!iface) return
  const oldAddress = iface.address
  iface.address = address
  iface.netmask = netmask
  iface.gateway = gateway
  app.commit()
  io.print(`${ctx.force ? '' : 'Proceeding...\n'}Restarting network service...\n`)
  // The transport drops sessions on the old address here, as the real appliance does.
  if (oldAddress !== address) app.emit('network-restart', { device, oldAddress, newAddress: address })
  io.print(
    'Shutting down loopback interface: [ OK ]\n' +
      'Setting network parameters: [ OK ]\n' +
      'Bringing up loopback interface: [ OK ]\n' +
      Object.entries(app.state.network.interfaces)
        .filter(([, i]) => i.address !== '')
        .map(([dev]) => `Bringing up interface ${dev}: [ OK ]\n`)
        .join(''),
  )
}

/** Ping answers from the simulated network: any IPv4 address, names only when DNS is configured. */
function ping(ctx: CommandContext): void {
  const target = ctx.positional[0] ?? requireOption(ctx, 'host')
  const state = ctx.app.state
  let address = target
  if (!IPV4.test(target)) {
    if (state.network.dnsServers.length === 0 || !HOSTNAME.test(target)) {
      // unverified: the Linux ping text for an unresolvable name.
      throw new CommandFailure(`ping: unknown host ${target}\n`)
    }
    let hash = 0
    for (const ch of target) hash = (hash * 31 + ch.charCodeAt(0)) % 250
    address = `192.0.2.${hash + 1}`
  }
  const from = state.network.interfaces.eth0?.address ?? '0.0.0.0'
  const named = address === target ? address : `${target} (${address})`
  // Shape from the HID procedure's `net ping` sample.
  ctx.io.print(
    `PING ${target} (${address}) from ${from} : 56(84) bytes of data.\n` +
      `64 bytes from ${named}: icmp_seq=0 ttl=64 time=0.492 ms\n\n` +
      `--- ${target} ping statistics ---\n` +
      '1 packets transmitted, 1 packets received, 0% packet loss\n' +
      'round-trip min/avg/max/mdev = 0.492/0.492/0.492/0.000 ms\n',
  )
}

export const networkCommands: CommandSpec[] = [
  {
    words: ['network', 'hostname'],
    summary: 'Set the hostname',
    access: 'admin',
    run: async (ctx) => {
      const name = ctx.positional[0]
      if (!name || !HOSTNAME.test(name) || name.length > 63)
        throw usageError(`Invalid hostname: ${name ?? ''}`)
      ctx.app.state.network.hostname = name
      ctx.app.commit()
      ctx.io.print(`Success: Hostname ${name} set.\n`)
    },
  },
  {
    words: ['network', 'domain'],
    summary: 'Set the domain name',
    access: 'admin',
    run: async (ctx) => {
      const domain = ctx.positional[0]
      if (!domain || !HOSTNAME.test(domain)) throw usageError(`Invalid domain name: ${domain ?? ''}`)
      ctx.app.state.network.domain = domain
      ctx.app.commit()
      ctx.io.print(`Success: DomainName ${domain} set.\n`)
    },
  },
  {
    words: ['network', 'dns'],
    summary: 'Add a name server (-nameserver) or search domain (-search)',
    access: 'admin',
    options: [
      { name: 'nameserver', short: ['n', 'ns'] },
      { name: 'search', short: ['s'] },
    ],
    run: async (ctx) => {
      const server = ctx.option('nameserver')
      const search = ctx.option('search')
      if (server === undefined && search === undefined)
        throw usageError('Specify -nameserver <ip> or -search <domain>.')
      if (server !== undefined) addNameserver(ctx, server)
      if (search !== undefined) addSearch(ctx, search)
    },
  },
  {
    words: ['network', 'dns', 'add'],
    summary: 'Add a name server or search domain',
    access: 'admin',
    run: async (ctx) => {
      const [kind = '', value = ''] = ctx.positional
      if (/^name/i.test(kind)) addNameserver(ctx, value)
      else if (/^search/i.test(kind)) addSearch(ctx, value)
      else throw usageError('Usage: network dns add nameserver <ip> | searchdomain <domain>')
    },
  },
  {
    words: ['network', 'dns', 'delete'],
    summary: 'Delete a name server or search domain',
    access: 'admin',
    run: async (ctx) => {
      const [kind = '', value = ''] = ctx.positional
      if (!/^(name|search)/i.test(kind))
        throw usageError('Usage: network dns delete nameserver <ip> | searchdomain <domain>')
      deleteDns(ctx, kind.toLowerCase(), value)
    },
  },
  {
    words: ['network', 'interface'],
    summary: 'Configure a network interface (restarts networking)',
    access: 'admin',
    options: [
      { name: 'static', flag: true },
      { name: 'device', short: ['dev', 'd'] },
      { name: 'ip', short: ['i'] },
      { name: 'netmask', short: ['n'] },
      { name: 'gateway', short: ['g'] },
      FORCE,
    ],
    run: setInterface,
  },
  {
    words: ['network', 'show'],
    summary: 'Show the network configuration',
    access: 'read',
    run: async ({ app, io }) => io.print(printNetworkShow(app.state)),
  },
  {
    words: ['network', 'ping'],
    summary: 'Ping a host',
    access: 'read',
    options: [{ name: 'host' }],
    run: async (ctx) => ping(ctx),
  },
  {
    words: ['network', 'route', 'show'],
    summary: 'Show the routes',
    access: 'read',
    run: async ({ app, io }) => io.print(printRouteShow(app.state)),
  },
  {
    words: ['network', 'route', 'add'],
    summary: 'Add a static route',
    access: 'admin',
    options: [
      { name: 'device', short: ['dev', 'd'] },
      { name: 'netmask', short: ['n'] },
      { name: 'gateway', short: ['g'] },
      FORCE,
    ],
    run: async (ctx) => {
      const [kind, target] = ctx.positional
      if (!kind || !target || !/^(network|host)$/i.test(kind)) {
        throw usageError(
          'Usage: network route add network|host <ip> -device <dev> -netmask <mask> -gateway <gw>',
        )
      }
      const route = {
        network: ipv4(target, 'destination'),
        netmask:
          kind.toLowerCase() === 'host' ? '255.255.255.255' : ipv4(requireOption(ctx, 'netmask'), 'netmask'),
        gateway: ipv4(requireOption(ctx, 'gateway'), 'gateway'),
        device: requireDevice(ctx, requireOption(ctx, 'device')),
      }
      ctx.app.state.network.routes.push(route)
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print(`Route to ${route.network} via ${route.gateway} added.\n`)
    },
  },
  {
    words: ['network', 'route', 'delete'],
    summary: 'Delete a static route',
    access: 'admin',
    options: [
      { name: 'device', short: ['dev', 'd'] },
      { name: 'netmask', short: ['n'] },
      { name: 'gateway', short: ['g'] },
      FORCE,
    ],
    run: async (ctx) => {
      const target = ctx.positional[1] ?? ctx.positional[0] ?? ''
      const routes = ctx.app.state.network.routes
      const index = routes.findIndex((r) => r.network === target)
      if (index < 0)
        throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, `Error:  No route to ${target} is configured.`)
      routes.splice(index, 1)
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print(`Route to ${target} deleted.\n`)
    },
  },
]
