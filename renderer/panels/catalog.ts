/**
 * The guided procedures as the panels show them: which appliance commands each procedure runs, with the labels
 * of their form fields. Data only: the commands, their validation and read-backs live in shared/lunash and run in
 * the host; this says how a person fills them in, in the order of the HID guide.
 */
import type { secretIds } from '../../shared/api'

export type SecretId = (typeof secretIds)[number]

export interface FieldDef {
  name: string
  label: string
  kind?: 'text' | 'number' | 'select' | 'checkbox'
  options?: readonly string[]
  initial?: string
  placeholder?: string
  /** Sent as a number. */
  numeric?: true
  /** One value for every form beside this console (the partition, the client): typed once, used everywhere. */
  shared?: true
  /** A second input that must match this field before Run is enabled (the HSM label, typed twice). */
  repeat?: string
}

export interface SecretDef {
  id: SecretId
  label: string
  /** Ask twice; Run stays disabled until both match. */
  confirm?: boolean
  /** Left empty: the host takes it from the keychain, or asks in the app when the appliance prompts. */
  optional?: boolean
}

export interface ActionDef {
  commandId: string
  /** The Run button's name. */
  run: string
  fields?: FieldDef[]
  secrets?: SecretDef[]
  note?: string
  /** Fixed fields not shown in the form (e.g. service ntls). */
  fixed?: Record<string, string | number | boolean>
  /** Presets: buttons that fill the form (policy 16 for HA). */
  presets?: { label: string; values: Record<string, string> }[]
  /** A local file pushed to the appliance over SCP before this command runs (firmware package). */
  upload?: true
}

export interface ProcedureDef {
  id: string
  title: string
  /** What the HID guide says, in a sentence. */
  guide: string
  actions: ActionDef[]
  /** A warning shown above the forms. */
  warning?: string
}

const partition: FieldDef = {
  name: 'partition',
  label: 'Partition name',
  placeholder: 'cms-partition',
  shared: true,
}
const client: FieldDef = { name: 'client', label: 'Client name', placeholder: 'cms-server-1', shared: true }

export const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const

export const PROCEDURES: ProcedureDef[] = [
  {
    id: 'first-login',
    title: 'First login',
    guide:
      'Log in as admin with the factory password; the appliance makes you choose a new one before anything else.',
    actions: [
      {
        commandId: 'login.first-password-change',
        run: 'Change the factory password',
        secrets: [
          { id: 'appliance-current-password', label: 'Current (factory) password' },
          { id: 'appliance-new-password', label: 'New admin password', confirm: true },
        ],
        note: 'Rackside answers the prompts on the console; the new password goes to the OS keychain.',
      },
    ],
  },
  {
    id: 'time',
    title: 'Date, time and time zone',
    guide: 'Set the time zone first, then the date and time (sysconf timezone set, sysconf time).',
    actions: [
      {
        commandId: 'sysconf.timezone.set',
        run: 'Set the time zone',
        fields: [{ name: 'zone', label: 'Time zone', kind: 'select', options: ZONES, initial: 'UTC' }],
      },
      {
        commandId: 'sysconf.time',
        run: 'Set the date and time',
        fields: [
          { name: 'time', label: 'Time (HH:MM)', placeholder: '14:30' },
          { name: 'date', label: 'Date (YYYYMMDD)', placeholder: '20261128' },
        ],
      },
      { commandId: 'status.date', run: 'Show the date' },
    ],
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    id: 'ntp',
    title: 'NTP servers',
    guide: 'Add the time servers (sysconf ntp addserver) and check NTP.',
    actions: [
      {
        commandId: 'sysconf.ntp.addserver',
        run: 'Add the NTP server',
        fields: [{ name: 'server', label: 'NTP server', placeholder: 'pool.ntp.org' }],
      },
      { commandId: 'sysconf.ntp.listservers', run: 'List the NTP servers' },
      { commandId: 'sysconf.ntp.status', run: 'Show the NTP status' },
    ],
  },
  {
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
  },
  {
    id: 'licenses',
    title: 'Licences',
    guide: 'Check which licences the HSM holds and how many partitions it allows (hsm displayLicenses).',
    actions: [
      {
        commandId: 'hsm.displayLicenses',
        run: 'Show the licences',
        note: 'Rackside then reads hsm show to count the partitions created, and warns when no partition licence is listed or every licensed partition is in use.',
      },
    ],
  },
  {
    id: 'hsm-init',
    title: 'HSM initialise',
    guide:
      'Initialise the HSM with its label, the HSM Administrator (SO) password and the cloning domain (hsm init). On a PED HSM the PED asks for the keys instead.',
    warning: 'Initialising erases the HSM: every partition and key.',
    actions: [
      {
        commandId: 'hsm.init',
        run: 'Initialise the HSM',
        fields: [{ name: 'label', label: 'HSM label', placeholder: 'luna-sa-1', repeat: 'HSM label again' }],
        secrets: [
          {
            id: 'hsm-so-password',
            label: 'HSM Administrator password (password HSM)',
            confirm: true,
            optional: true,
          },
          { id: 'hsm-domain', label: 'Cloning domain (password HSM)', confirm: true, optional: true },
        ],
        note: 'On a PED HSM leave the passwords empty: the PED asks for the blue and red keys.',
      },
      {
        commandId: 'hsm.login',
        run: 'Log in as HSM Administrator',
        secrets: [{ id: 'hsm-so-password', label: 'HSM Administrator password', optional: true }],
      },
    ],
  },
  {
    id: 'hsm-policies',
    title: 'HSM policies',
    guide: 'Read the policy table; change a policy (16 enables HA / key cloning between HSMs).',
    warning: 'Some HSM policies are destructive: changing them zeroizes the HSM.',
    actions: [
      { commandId: 'hsm.showPolicies', run: 'Show the policies' },
      {
        commandId: 'hsm.changePolicy',
        run: 'Change the policy',
        fields: [
          { name: 'code', label: 'Policy number', kind: 'number', initial: '16' },
          { name: 'value', label: 'New value', kind: 'number', initial: '1' },
        ],
        presets: [{ label: 'Policy 16 on (HA)', values: { code: '16', value: '1' } }],
      },
    ],
  },
  {
    id: 'hsm-status',
    title: 'HSM status',
    guide: 'Label, serial, firmware, login attempts left, partitions, FIPS mode (hsm show).',
    actions: [{ commandId: 'hsm.show', run: 'Show the HSM' }],
  },
  {
    id: 'partitions',
    title: 'Partitions',
    guide:
      'Create the partition for CMS (partition create), set policies 22 and 23 (activation, auto-activation), activate it.',
    actions: [
      {
        commandId: 'partition.create',
        run: 'Create the partition',
        fields: [partition],
        secrets: [
          { id: 'partition-password', label: 'Partition password', confirm: true, optional: true },
          { id: 'partition-domain', label: 'Partition cloning domain', confirm: true, optional: true },
        ],
        note: 'The partition password goes straight to the OS keychain.',
      },
      {
        commandId: 'partition.changePolicy',
        run: 'Set the partition policy',
        fields: [
          partition,
          {
            name: 'code',
            label: 'Partition policy',
            kind: 'select',
            options: ['22', '23'],
            initial: '22',
            numeric: true,
          },
          { name: 'value', label: 'Policy value', kind: 'number', initial: '1' },
        ],
      },
      {
        commandId: 'partition.activate',
        run: 'Activate the partition',
        fields: [partition],
        secrets: [{ id: 'partition-password', label: 'Partition password', optional: true }],
      },
      {
        commandId: 'partition.changePw',
        run: 'Change the partition password',
        fields: [
          partition,
          {
            name: 'credential',
            label: 'What to change (a PED HSM asks; a password HSM has only its password)',
            kind: 'select',
            options: ['challenge', 'ped-key'],
            initial: 'challenge',
          },
        ],
        secrets: [
          { id: 'partition-password', label: 'Current partition password', optional: true },
          {
            id: 'partition-new-password',
            label: 'New partition password',
            confirm: true,
            optional: true,
          },
        ],
        note: 'On a PED HSM lunash asks which part to change: Rackside answers with your choice. The HID guide changes the challenge, the password clients present.',
      },
      { commandId: 'partition.list', run: 'List the partitions' },
      { commandId: 'partition.show', run: 'Show the partition', fields: [partition] },
      { commandId: 'partition.delete', run: 'Delete the partition', fields: [partition] },
    ],
  },
  {
    id: 'clients',
    title: 'Clients',
    guide:
      "Register the CMS server's certificate by hostname or IP (client register), assign the partition, check it (client show).",
    actions: [
      {
        commandId: 'my.file.list',
        run: 'Upload the client certificate',
        upload: true,
        fields: [
          {
            name: 'localPath',
            label: 'Client certificate on this computer (<address>.pem)',
            placeholder: '/path/to/10.0.0.21.pem',
          },
        ],
        secrets: [
          { id: 'appliance-current-password', label: 'Admin password (for the upload)', optional: true },
        ],
      },
      {
        commandId: 'client.register',
        run: 'Register the client',
        fields: [client, { name: 'address', label: 'Client hostname or IP', placeholder: '10.0.0.21' }],
        note: 'The client certificate <address>.pem must already be uploaded to the appliance.',
      },
      { commandId: 'client.list', run: 'List the clients' },
      { commandId: 'client.show', run: 'Show the client', fields: [client] },
      { commandId: 'client.assignPartition', run: 'Assign the partition', fields: [client, partition] },
      { commandId: 'client.revokePartition', run: 'Revoke the partition', fields: [client, partition] },
      { commandId: 'client.delete', run: 'Delete the client', fields: [client] },
    ],
  },
  {
    id: 'firmware',
    title: 'Firmware update',
    guide:
      'Upload the update package over SCP, log in as HSM Administrator, run hsm update firmware, then reactivate the partitions.',
    warning: 'A firmware update cannot be reversed and drops connected clients.',
    actions: [
      {
        commandId: 'my.file.list',
        run: 'Upload the package',
        upload: true,
        fields: [
          {
            name: 'localPath',
            label: 'Firmware package on this computer',
            placeholder: '/path/to/lunafw_7.0.3.fuf',
          },
        ],
        secrets: [
          { id: 'appliance-current-password', label: 'Admin password (for the upload)', optional: true },
        ],
      },
      {
        commandId: 'hsm.login',
        run: 'Log in as HSM Administrator',
        secrets: [{ id: 'hsm-so-password', label: 'HSM Administrator password', optional: true }],
      },
      { commandId: 'hsm.update.show', run: 'Show the updates' },
      {
        commandId: 'hsm.update.firmware',
        run: 'Update the firmware',
        fields: [
          {
            name: 'expectedFirmware',
            label: 'Firmware version expected after the update',
            placeholder: '7.0.3',
          },
        ],
      },
      {
        commandId: 'partition.activate',
        run: 'Reactivate the partition',
        fields: [partition],
        secrets: [{ id: 'partition-password', label: 'Partition password', optional: true }],
      },
    ],
  },
]

/** Form values as the host expects them: numbers for number fields, fixed fields added. */
export function toFields(
  action: ActionDef,
  values: Record<string, string>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { ...(action.fixed ?? {}) }
  for (const f of action.fields ?? []) {
    if (action.upload && f.name === 'localPath') continue
    const raw = values[f.name] ?? f.initial ?? ''
    out[f.name] = f.kind === 'number' || f.numeric ? Number(raw) : raw
  }
  return out
}
