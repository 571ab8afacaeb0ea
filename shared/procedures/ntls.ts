/** The NTLS server certificate and the device NTLS listens on: set apart, and marked apart. */
import type { Procedure } from './types'

export const ntls: Procedure = {
  id: 'ntls',
  title: 'NTLS certificate and binding',
  guide:
    'Regenerate the server certificate (sysconf regenCert), bind NTLS to an interface and restart it (ntls bind, service restart ntls).',
  warning:
    'Regenerating the certificate breaks every existing client trust link until clients fetch the new server.pem.',
  actions: [
    {
      commandId: 'sysconf.regencert',
      run: 'Regenerate the certificate',
      fields: [
        {
          name: 'address',
          label: 'For the address (no DNS; leave empty to use the hostname)',
          placeholder: '192.168.5.200',
        },
      ],
      secrets: [
        {
          id: 'appliance-current-password',
          label: 'Admin password (to fetch server.pem)',
          optional: true,
        },
      ],
      note: 'Rackside fetches server.pem before and after, and shows the new fingerprint. Without DNS the HID guide gives the appliance\u2019s address (not on 7.x).',
    },
    {
      commandId: 'ntls.bind',
      run: 'Bind NTLS',
      fields: [
        {
          name: 'device',
          label: 'NTLS device',
          kind: 'select',
          options: ['eth0', 'eth1', 'all', 'none'],
          initial: 'eth0',
        },
        { name: 'address', label: 'NTLS address (device "none")', placeholder: '192.168.5.200' },
      ],
      note: 'Without DNS the HID guide binds NTLS to the appliance\u2019s address: device "none" and the address (not on 7.x).',
    },
    { commandId: 'service.restart', run: 'Restart NTLS', fixed: { service: 'ntls' } },
    { commandId: 'ntls.show', run: 'Show the NTLS binding' },
    { commandId: 'sysconf.fingerprint.ssh', run: "Show the SSH key's fingerprint" },
  ],
  done: [
    {
      id: 'ntls-cert',
      title: 'NTLS server certificate regenerated',
      reads: [],
      commands: ['sysconf.regencert'],
      holds: () => true,
      looksDone: () =>
        'the appliance does not say when its certificate was made; only a regenCert run from Rackside shows here',
      evidence: () =>
        'only a regenCert run from Rackside is known (the appliance does not say when the certificate was made)',
    },
    {
      id: 'ntls-bind',
      title: 'NTLS bound to a network device',
      reads: ['ntls'],
      commands: ['ntls.bind'],
      holds: (s, f) => (s.ntls ? s.ntls.device === f.device : undefined),
      looksDone: (s) => Boolean(s.ntls?.device),
      evidence: (s) => `ntls show: bound to ${s.ntls?.device ?? '?'}`,
    },
  ],
}
