/** Appliance commands: first login, time, network, NTP, server certificate, services. */
import * as v from '../validate'
import { expectNothing, parseLoginBanner } from '../parse/success'
import {
  parseDomainSet,
  parseHostnameSet,
  parseInterfaceRestart,
  parseNameserverAdded,
  parseNetworkRouteShow,
  parseNetworkShow,
  parsePing,
  parseStatusInterface,
} from '../parse/network'
import { parseNtpListServers, parseNtpStatus } from '../parse/ntp'
import { parseRegenCert, parseSshFingerprint, parseTimezoneSet } from '../parse/sysconf'
import { parseServiceRestart, parseServiceStatus } from '../parse/service'
import { parseStatusDate, parseStatusZone } from '../parse/status'
import { parseUserList } from '../parse/user'
import {
  answer,
  command,
  confirm,
  noFields,
  notProven,
  password,
  proven,
  readBack,
  type PasswordPrompt,
} from './spec'

const SHORT = { timeoutMs: 15_000, capMs: 60_000 }
/** NTP and network restarts print slowly ("Please wait to see the result ......"). */
const RESTARTS = { timeoutMs: 30_000, capMs: 120_000 }

/** The questions of the forced password change (5.x `passwd` wording; 7.x says `New password:`). */
const FIRST_LOGIN_PROMPTS: readonly PasswordPrompt[] = [
  password(/\(current\) UNIX password:/i, 'appliance-current-password'),
  password(/^\s*(?:Enter new|New) password:/im, 'appliance-new-password'),
  password(/^\s*Re-?type new password:/im, 'appliance-new-password', true),
]

/** The forced password change after the first login with the factory password: attended, nothing is typed. */
export const firstLoginPasswordChange = command({
  id: 'login.first-password-change',
  title: 'Change the factory admin password (first login)',
  attend: true,
  validate: noFields,
  text: () => '',
  prompts: [...FIRST_LOGIN_PROMPTS],
  parse: parseLoginBanner,
  ...SHORT,
})

/**
 * Logging in on the serial console (`[localhost] ttyS0 login:` then `Password:`), including the forced change
 * on the first login. Attended: the runner answers the appliance's questions and ends at the lunash prompt.
 */
export const serialLogin = command({
  id: 'login.serial',
  title: 'Log in on the serial console',
  attend: true,
  wake: true,
  validate: (f: { user: string }) => [v.userName(f.user)],
  text: () => '',
  prompts: [
    answer(/login:[ \t]*$/, (f: { user: string }) => f.user),
    password(/^Password:/m, 'appliance-current-password'),
    ...FIRST_LOGIN_PROMPTS,
  ],
  parse: parseLoginBanner,
  ...SHORT,
})

export const statusDate = command({
  id: 'status.date',
  title: 'Show the date and time',
  validate: noFields,
  text: () => 'status date',
  prompts: [],
  parse: parseStatusDate,
  unverified: true,
  // The HID guide: "read using the syntax status –date, status –time, and status –zone".
  syntax: { 4: { text: () => 'status -date' } },
  ...SHORT,
})

export const statusTime = command({
  ...statusDate,
  id: 'status.time',
  title: 'Show the time',
  text: () => 'status time',
  syntax: { 4: { text: () => 'status -time' } },
})

export const statusZone = command({
  id: 'status.zone',
  title: 'Show the time zone',
  validate: noFields,
  text: () => 'status zone',
  prompts: [],
  parse: parseStatusZone,
  unverified: true,
  syntax: { 4: { text: () => 'status -zone' } },
  ...SHORT,
})

export const timezoneSet = command({
  id: 'sysconf.timezone.set',
  title: 'Set the time zone',
  validate: (f: { zone: string }) => [v.timeZone(f.zone)],
  text: (f) => `sysconf timezone set ${f.zone}`,
  prompts: [],
  parse: parseTimezoneSet,
  readBack: readBack(
    statusZone,
    () => ({}),
    (facts, f: { zone: string }) =>
      facts.zone === f.zone
        ? proven(`status zone shows ${facts.zone}`)
        : notProven(
            `status zone shows "${facts.zone}", not ${f.zone}; if that is ${f.zone}'s abbreviation, confirm by eye.`,
          ),
  ),
  // The HID guide (3.x/4.x): `sysconf -timezone -set US/Eastern`.
  syntax: { 4: { text: (f) => `sysconf -timezone -set ${f.zone}` } },
  ...SHORT,
})

const pad = (n: number): string => String(n).padStart(2, '0')

/** `sysconf time HH:MM YYYYMMDD` sets the date and the time together. */
export const timeSet = command({
  id: 'sysconf.time',
  title: 'Set the date and time',
  validate: (f: { time: string; date: string }) => [v.time(f.time), v.date(f.date)],
  text: (f) => `sysconf time ${f.time} ${f.date}`,
  prompts: [],
  parse: expectNothing,
  readBack: readBack(
    statusDate,
    () => ({}),
    (facts, f: { time: string; date: string }) => {
      const shown = `${facts.year ?? ''}${pad(facts.month ?? 0)}${pad(facts.day ?? 0)}`
      if (shown !== f.date) return notProven(`status date shows ${facts.text}, not the date ${f.date}.`)
      const [h = 0, m = 0] = (facts.time ?? '').split(':').map(Number)
      const [wantH = 0, wantM = 0] = f.time.split(':').map(Number)
      const drift = Math.abs(h * 60 + m - (wantH * 60 + wantM))
      return drift <= 5
        ? proven(`status date shows ${facts.text}`)
        : notProven(`status date shows ${facts.text}, more than 5 minutes from ${f.time}.`)
    },
  ),
  // LinOTP's Luna SA 4.5 guide: `sysconf -time 12:55 20071223`.
  syntax: { 4: { text: (f) => `sysconf -time ${f.time} ${f.date}` } },
  ...SHORT,
})

export const networkShow = command({
  id: 'network.show',
  title: 'Show the network settings',
  validate: noFields,
  text: () => 'network show',
  prompts: [],
  parse: parseNetworkShow,
  unverified: true,
  // 4.x names the group `net` (reference §2.2: `net show` / `network show`).
  syntax: { 4: { text: () => 'net show' } },
  ...SHORT,
})

export const networkHostname = command({
  id: 'network.hostname',
  title: 'Set the hostname',
  validate: (f: { hostname: string }) => [v.hostname(f.hostname)],
  text: (f) => `network hostname ${f.hostname}`,
  prompts: [],
  parse: parseHostnameSet,
  readBack: readBack(
    networkShow,
    () => ({}),
    (facts, f: { hostname: string }, context) => {
      if (facts.hostname === f.hostname) return proven(`network show: Hostname ${facts.hostname}`)
      if (context.promptHost === f.hostname) return proven(`the prompt shows [${f.hostname}]`)
      return notProven(`network show gives hostname "${facts.hostname ?? '(none)'}", not ${f.hostname}.`)
    },
  ),
  syntax: { 4: { text: (f) => `net hostname ${f.hostname}` } },
  ...SHORT,
})

export const networkDomain = command({
  id: 'network.domain',
  title: 'Set the domain name',
  validate: (f: { domain: string }) => [v.domain(f.domain)],
  text: (f) => `network domain ${f.domain}`,
  prompts: [],
  parse: parseDomainSet,
  readBack: readBack(
    networkShow,
    () => ({}),
    (facts, f: { domain: string }) =>
      facts.domain === f.domain
        ? proven(`network show: Domain ${facts.domain}`)
        : notProven(`network show gives domain "${facts.domain ?? '(none)'}", not ${f.domain}.`),
  ),
  syntax: { 4: { text: (f) => `net domain ${f.domain}` } },
  ...SHORT,
})

export const dnsAddNameserver = command({
  id: 'network.dns.add-nameserver',
  title: 'Add a DNS name server',
  validate: (f: { address: string }) => [v.ipv4(f.address, 'Name server')],
  text: (f) => `network dns add nameserver ${f.address}`,
  prompts: [],
  parse: parseNameserverAdded,
  readBack: readBack(
    networkShow,
    () => ({}),
    (facts, f: { address: string }) =>
      facts.nameservers.includes(f.address)
        ? proven(`network show lists name server ${f.address}`)
        : notProven(
            `network show does not list name server ${f.address} (it lists ${facts.nameservers.join(', ') || 'none'}).`,
          ),
  ),
  // 4.x, as in the HID guide: `net -dns -nameserver 192.168.5.78`.
  syntax: { 4: { text: (f) => `net -dns -nameserver ${f.address}` } },
  ...SHORT,
})

interface InterfaceFields {
  device: string
  ip: string
  netmask: string
  gateway: string
}

export const networkInterface = command({
  id: 'network.interface',
  title: 'Set a static address on a network interface',
  destructive: true,
  validate: (f: InterfaceFields) => [
    v.networkDevice(f.device),
    v.ipv4(f.ip),
    v.netmask(f.netmask),
    v.gateway(f.gateway, f.ip, f.netmask),
  ],
  text: (f) =>
    `network interface -device ${f.device} -ip ${f.ip} -netmask ${f.netmask} -gateway ${f.gateway}`,
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      warning:
        'The appliance restarts networking. A session over this interface drops; reconnect to the new address to read the change back.',
    }),
  ],
  parse: parseInterfaceRestart,
  dropsSession: true,
  readBack: readBack(
    networkShow,
    () => ({}),
    (facts, f: InterfaceFields) => {
      const d = facts.interfaces.find((i) => i.device === f.device)
      if (!d) return notProven(`network show has no ${f.device}.`)
      const shown = `${d.address ?? '(none)'}/${d.netmask ?? '(none)'} via ${d.gateway ?? '(none)'}`
      return d.address === f.ip && d.netmask === f.netmask && d.gateway === f.gateway
        ? proven(`network show: ${f.device} ${shown}`)
        : notProven(`network show gives ${f.device} ${shown}, not ${f.ip}/${f.netmask} via ${f.gateway}.`)
    },
  ),
  syntax: {
    4: {
      text: (f) =>
        `net interface -static -device ${f.device} -ip ${f.ip} -netmask ${f.netmask} -gateway ${f.gateway}`,
    },
  },
  ...RESTARTS,
})

export const networkPing = command({
  id: 'network.ping',
  title: 'Ping from the appliance',
  validate: (f: { target: string }) => [v.pingTarget(f.target)],
  text: (f) => `network ping ${f.target}`,
  prompts: [],
  parse: parsePing,
  syntax: { 4: { text: (f) => `net ping ${f.target}` } },
  ...RESTARTS,
})

export const networkRouteShow = command({
  id: 'network.route.show',
  title: 'Show the routes',
  validate: noFields,
  text: () => 'network route show',
  prompts: [],
  parse: parseNetworkRouteShow,
  syntax: { 4: { text: () => 'net route show' } },
  ...SHORT,
})

export const statusInterface = command({
  id: 'status.interface',
  title: 'Show the interfaces (ifconfig)',
  validate: noFields,
  text: () => 'status interface',
  prompts: [],
  parse: parseStatusInterface,
  ...SHORT,
})

export const ntpListServers = command({
  id: 'sysconf.ntp.listservers',
  title: 'List the NTP servers',
  validate: noFields,
  text: () => 'sysconf ntp listservers',
  prompts: [],
  parse: parseNtpListServers,
  ...SHORT,
})

export const ntpStatus = command({
  id: 'sysconf.ntp.status',
  title: 'Show the NTP status',
  validate: noFields,
  text: () => 'sysconf ntp status',
  prompts: [],
  parse: parseNtpStatus,
  ...RESTARTS,
})

export const ntpAddServer = command({
  id: 'sysconf.ntp.addserver',
  title: 'Add an NTP server',
  validate: (f: { server: string }) => [v.ntpServer(f.server)],
  text: (f) => `sysconf ntp addserver ${f.server}`,
  prompts: [],
  parse: parseNtpStatus,
  readBack: readBack(
    ntpListServers,
    () => ({}),
    (facts, f: { server: string }) =>
      facts.servers.includes(f.server)
        ? proven(`sysconf ntp listservers lists ${f.server}`)
        : notProven(`sysconf ntp listservers does not list ${f.server}.`),
  ),
  // The HID guide: `sysconf ntp -addserver <ip>` prints the ntpd restart and `NTP server <ip> added`.
  syntax: { 4: { text: (f) => `sysconf ntp -addserver ${f.server}`, parse: expectNothing } },
  ...RESTARTS,
})

export const ntpDeleteServer = command({
  id: 'sysconf.ntp.deleteserver',
  title: 'Delete an NTP server',
  validate: (f: { server: string }) => [v.ntpServer(f.server)],
  text: (f) => `sysconf ntp deleteserver ${f.server}`,
  prompts: [],
  parse: expectNothing,
  readBack: readBack(
    ntpListServers,
    () => ({}),
    (facts, f: { server: string }) =>
      facts.servers.includes(f.server)
        ? notProven(`sysconf ntp listservers still lists ${f.server}.`)
        : proven(`sysconf ntp listservers no longer lists ${f.server}`),
  ),
  ...RESTARTS,
})

type RegenCert = { address?: string }

/** The address (or name) a regenerated certificate is made for, when there is no DNS to name the appliance. */
function certificateAddress(f: RegenCert): ReturnType<typeof v.ipv4>[] {
  if (f.address === undefined || f.address === '') return []
  return [
    /^[\d.]+$/.test(f.address)
      ? v.ipv4(f.address, 'Certificate address')
      : v.hostname(f.address, 'Certificate address'),
  ]
}

/**
 * `sysconf regenCert`, or `sysconf regenCert <address>` as the HID guide types it when there is no DNS
 * (`sysconf regencert 192.168.5.200`): the certificate is then made for that address.
 */
export const regenCert = command({
  id: 'sysconf.regencert',
  title: 'Regenerate the NTLS server certificate',
  destructive: true,
  validate: (f: RegenCert) => [
    ...(f.address === undefined ? [] : [v.singleLineField('Certificate address', f.address)]),
    ...certificateAddress(f),
  ],
  text: (f) => (f.address ? `sysconf regenCert ${f.address}` : 'sysconf regenCert'),
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      warning:
        'The server certificate and key are replaced. Every client must fetch server.pem again and re-run vtl addServer; NTLS must be restarted.',
    }),
  ],
  parse: parseRegenCert,
  // The proof is a new server.pem: the host fetches it over SCP and compares fingerprints (not a lunash read).
  syntax: {
    // The 3.x/4.x guide shows the address argument; 5.x/6.x are sent it as 4.x takes it (no source shows
    // either way); no 7.x source shows it, so 7.x is never sent one.
    7: {
      validate: (f: RegenCert) =>
        f.address === undefined || f.address === ''
          ? []
          : [
              {
                ok: false,
                error: {
                  field: 'Certificate address',
                  message:
                    'Luna 7 makes the certificate for its own hostname: no 7.x source shows an address argument to sysconf regenCert. Leave the address empty, or set the hostname first.',
                },
              },
            ],
    },
  },
  ...SHORT,
})

export const sshFingerprint = command({
  id: 'sysconf.fingerprint.ssh',
  title: "Show the SSH host key's fingerprint",
  validate: noFields,
  text: () => 'sysconf fingerprint ssh',
  prompts: [],
  parse: parseSshFingerprint,
  unverified: true,
  ...SHORT,
})

export const serviceStatus = command({
  id: 'service.status',
  title: 'Show whether a service runs',
  validate: (f: { service: string }) => [v.serviceName(f.service)],
  text: (f) => `service status ${f.service}`,
  prompts: [],
  parse: parseServiceStatus,
  ...SHORT,
})

export const serviceRestart = command({
  id: 'service.restart',
  title: 'Restart a service',
  validate: (f: { service: 'ntls' | 'ntp' }) => [v.serviceName(f.service)],
  text: (f) => `service restart ${f.service}`,
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: false,
      warning: 'Clients connected to this service lose their sessions while it restarts.',
    }),
  ],
  parse: parseServiceRestart,
  readBack: readBack(
    serviceStatus,
    (f: { service: 'ntls' | 'ntp' }) => ({ service: f.service }),
    (facts, f: { service: 'ntls' | 'ntp' }) =>
      facts.running
        ? proven(`service status: ${f.service} is running`)
        : notProven(`${f.service} is not running after the restart.`),
  ),
  ...RESTARTS,
})

export const userList = command({
  id: 'user.list',
  title: 'List the appliance users',
  validate: noFields,
  text: () => 'user list',
  prompts: [],
  parse: parseUserList,
  ...SHORT,
})
