/** The appliance's network: its name, name server, interface address, and a ping to prove the route. */
import { str } from './snapshot'
import type { Procedure } from './types'

export const hostname: Procedure = {
  id: 'hostname',
  title: 'Hostname and domain',
  guide: 'Give the appliance its name and domain (network hostname, network domain).',
  actions: [
    {
      commandId: 'network.hostname',
      run: 'Set the hostname',
      fields: [{ name: 'hostname', label: 'Hostname', placeholder: 'luna-sa-1' }],
    },
    {
      commandId: 'network.domain',
      run: 'Set the domain',
      fields: [{ name: 'domain', label: 'Domain', placeholder: 'example.com' }],
    },
  ],
  done: [
    {
      id: 'hostname',
      title: 'Hostname and domain',
      reads: ['network'],
      commands: ['network.hostname', 'network.domain'],
      holds: (s, f) =>
        f.hostname !== undefined ? s.network?.hostname === f.hostname : s.network?.domain === f.domain,
      looksDone: (s) => Boolean(s.network?.hostname && !/^local_?host$/i.test(s.network.hostname)),
      evidence: (s) => `hostname ${s.network?.hostname ?? '(none)'}, domain ${s.network?.domain ?? '(none)'}`,
    },
  ],
}

export const dns: Procedure = {
  id: 'dns',
  title: 'DNS name server',
  guide: 'Add the name server the appliance resolves with (network dns add nameserver).',
  actions: [
    {
      commandId: 'network.dns.add-nameserver',
      run: 'Add the name server',
      fields: [{ name: 'address', label: 'Name server address', placeholder: '10.0.0.53' }],
    },
    { commandId: 'network.show', run: 'Show the network settings' },
  ],
  done: [
    {
      id: 'dns',
      title: 'DNS name server',
      reads: ['network'],
      commands: ['network.dns.add-nameserver'],
      holds: (s, f) => s.network?.nameservers.includes(str(f.address)),
      looksDone: (s) => (s.network?.nameservers.length ?? 0) > 0,
      evidence: (s) => `name servers: ${s.network?.nameservers.join(', ') || 'none'}`,
    },
  ],
}

export const networkInterface: Procedure = {
  id: 'interface',
  title: 'Network interface',
  guide: 'Give eth0 (or eth1) its static address, netmask and gateway.',
  warning:
    'The appliance restarts networking: a console over this interface drops. Rackside reconnects it to the new address (the admin password from the keychain, or typed in the console) and reads the change back there.',
  actions: [
    {
      commandId: 'network.interface',
      run: 'Set the interface address',
      fields: [
        { name: 'device', label: 'Device', kind: 'select', options: ['eth0', 'eth1'], initial: 'eth0' },
        { name: 'ip', label: 'IP address', placeholder: '127.0.0.2' },
        { name: 'netmask', label: 'Netmask', initial: '255.0.0.0' },
        { name: 'gateway', label: 'Gateway', initial: '127.0.0.1' },
      ],
    },
  ],
  done: [
    {
      id: 'interface',
      title: 'Network interface (static address)',
      reads: ['network'],
      commands: ['network.interface'],
      holds: (s, f) => {
        const d = s.network?.interfaces.find((i) => i.device === f.device)
        return d ? d.address === f.ip && d.netmask === f.netmask : undefined
      },
      looksDone: (s) => (s.network?.interfaces ?? []).some((i) => Boolean(i.address)),
      evidence: (s) =>
        (s.network?.interfaces ?? [])
          .filter((i) => i.address)
          .map((i) => `${i.device} ${i.address}/${i.netmask ?? '?'}`)
          .join(', ') || 'no address',
    },
  ],
}

/** A check, not a setting: nothing to mark. */
export const ping: Procedure = {
  id: 'ping',
  title: 'Ping',
  guide: 'Check the appliance reaches the network (network ping).',
  actions: [
    {
      commandId: 'network.ping',
      run: 'Ping',
      fields: [{ name: 'target', label: 'Address or host to ping', placeholder: '10.0.0.1' }],
    },
  ],
  done: [],
}
