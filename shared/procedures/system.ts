/** The appliance itself: the first login, its clock and its time servers. */
import { str } from './snapshot'
import type { Procedure } from './types'

/** The zones the panel offers; the builder accepts any zone of shared/lunash/timezones.ts. */
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

export const firstLogin: Procedure = {
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
  done: [
    {
      id: 'first-login',
      title: 'First login (admin password changed)',
      reads: ['hsm'],
      commands: ['login.first-password-change'],
      looksDone: () => true,
      evidence: () => 'the lunash prompt answers, so the factory password was changed',
    },
  ],
}

export const time: Procedure = {
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
  done: [
    {
      id: 'time',
      title: 'Date, time and time zone',
      reads: ['time'],
      commands: ['sysconf.timezone.set', 'sysconf.time'],
      holds: (s, f) =>
        f.zone === undefined ? true : s.time?.zone === undefined ? undefined : s.time.zone === f.zone,
      looksDone: (s) => (s.time?.zone === undefined ? 'status zone named no zone' : s.time.zone !== 'UTC'),
      evidence: (s) => `status zone: ${s.time?.zone ?? '?'}; status date: ${s.time?.date?.text ?? '?'}`,
    },
  ],
}

export const ntp: Procedure = {
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
  done: [
    {
      id: 'ntp',
      title: 'NTP servers',
      reads: ['ntp'],
      commands: ['sysconf.ntp.addserver'],
      holds: (s, f) => s.ntpServers?.includes(str(f.server)),
      looksDone: (s) => (s.ntpServers?.length ?? 0) > 0,
      evidence: (s) => `NTP servers: ${s.ntpServers?.join(', ') || 'none'}`,
    },
  ],
}
