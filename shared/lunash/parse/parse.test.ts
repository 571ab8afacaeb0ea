import { describe, expect, it } from 'vitest'
import { variants } from '../testing/variants'
import {
  hsmShow53Facts,
  partitionList5Facts,
  partitionList7Facts,
  partitionShow62Facts,
} from '../testing/real-facts'
import type { ParseError, Result } from '../result'
import { parseCommandResult, parseLunashError } from './common'
import { parseHsmDisplayLicenses, parseHsmShow, parseHsmShowPolicies } from './hsm'
import { parsePartitionList, parsePartitionShow } from './partition'
import { parseClientFingerprint, parseClientList, parseClientShow } from './client'
import { parseNtpListServers, parseNtpStatus } from './ntp'
import { parseNtlsIpcheck, parseNtlsShow } from './ntls'
import { parseServiceRestart, parseServiceStatus } from './service'
import {
  parseDomainSet,
  parseHostnameSet,
  parseInterfaceRestart,
  parseNameserverAdded,
  parseNetworkRouteShow,
  parsePing,
  parseStatusInterface,
} from './network'
import { parseUserList } from './user'
import { parseRegenCert, parseTimezoneSet } from './sysconf'
import { expectSuccess, parseLoginBanner, parsePolicyChanged } from './success'
import { corpusText } from '../fixtures/real/corpus'

import clientShowError from '../fixtures/client-show-error.txt?raw'
import userList from '../fixtures/user-list-5.1.txt?raw'
import ntpAdd from '../fixtures/ntp-addserver-5.x.txt?raw'
import ntpList from '../fixtures/ntp-listservers-5.x.txt?raw'
import routeShow from '../fixtures/network-route-show-5.1.txt?raw'
import statusInterface from '../fixtures/status-interface-5.x.txt?raw'
import regenCert from '../fixtures/regencert-5.x.txt?raw'
import ipcheck from '../fixtures/ntls-ipcheck.txt?raw'
import serviceNtp from '../fixtures/service-status-ntp.txt?raw'
import hsmShow53 from '../fixtures/hsm-show-5.3.txt?raw'
import clientRegister from '../fixtures/client-register.txt?raw'
import clientList from '../fixtures/client-list.txt?raw'
import clientShow51 from '../fixtures/client-show-5.1.txt?raw'
import clientShow53Extra from '../fixtures/client-show-5.3-extra.txt?raw'
import clientAssign from '../fixtures/client-assignpartition.txt?raw'
import clientFingerprint from '../fixtures/client-fingerprint.txt?raw'
import hidTimezone from '../fixtures/hid-timezone-4.x.txt?raw'
import hidHostname from '../fixtures/hid-hostname-4.x.txt?raw'
import hidDomain from '../fixtures/hid-domain-4.x.txt?raw'
import hidDns from '../fixtures/hid-dns-4.x.txt?raw'
import hidInterface from '../fixtures/hid-interface-4.x.txt?raw'
import hidPing from '../fixtures/hid-ping-4.x.txt?raw'
import hidRegen from '../fixtures/hid-regencert-4.x.txt?raw'
import hidServiceRestart from '../fixtures/hid-service-restart-ntls.txt?raw'
import hidNtlsShow from '../fixtures/hid-ntls-show-4.x.txt?raw'

/** Real outputs from the corpus (fixtures/real/, each citing its source). */
const resultSuccess = corpusText('5/hsm-show.txt', 1)
const resultFailure = clientShowError
const firstLogin = corpusText('5/login-banner.txt', 0)
const hsmInit = corpusText('6/hsm-init.txt')
const hsmLogin = corpusText('6/hsm-login.txt', 0)
const hsmPolicies62Show = corpusText('6/hsm-showpolicies.txt', 0)
const hsmChangePolicy62 = corpusText('6/hsm-changepolicy.txt')
const hsmShowZeroized51 = corpusText('5/hsm-show.txt', 0)
const hsmShow62 = corpusText('6/hsm-show.txt', 0)
const partitionCreate62 = corpusText('6/partition-create.txt')
const partitionCreate7 = corpusText('7/partition-create.txt', 0)
const partitionList5 = corpusText('5/partition-list.txt', 0)
const partitionList7Full = corpusText('7/partition-list.txt', 0)
const partitionShow62 = corpusText('6/partition-show.txt', 0)
const clientFingerprintError = corpusText('5/client-fingerprint.error.txt')
const hidLicenses = corpusText('4/hsm-displaylicenses.txt')
const hidHsmInit = corpusText('4/hsm-init.txt')
const hidPolicies = corpusText('4/hsm-showpolicies.txt')
const hidPartitionCreate = corpusText('4/partition-create.txt')
const hidPartitionPolicy = corpusText('4/partition-changepolicy.txt')
const hidPartitionActivate = corpusText('4/partition-activate.txt')
const hidHsmShow = corpusText('4/hsm-show.txt')

/** Variants of transcripts the reference describes in prose (5.3 client show, 7.8, empty lists). */
const clientShow53 = `${clientShow51}${clientShow53Extra}`
const clientShowNone =
  'ClientID:     client2\nHostname:     client2\nPartitions:   <none>\nHTL Required: no\nOTT Expiry:   n/a\n'
const clientShow78 =
  'ClientID:     sehsm3client\nHostname:     10.0.0.5\nPartitions:   "sp_sehsm3"\n\nCommand Result : 0 (Success)\n'
const emptyPartitions =
  '[hsm-2-1-2-6] lunash:>partition list\n\n   There are no partitions.\n\nCommand Result : 0 (Success)\n'
const emptyClients =
  '[hsm-2-1-2-6] lunash:>client list\n\nNo clients are registered.\n\n\nCommand Result : 0 (Success)\n'

type Case = [name: string, text: string, parse: (t: string) => Result<unknown, ParseError>, expected: unknown]

const cases: Case[] = [
  ['Command Result success', resultSuccess, parseCommandResult, { code: 0, text: 'Success' }],
  [
    'Command Result failure',
    resultFailure,
    parseCommandResult,
    { code: 65535, text: 'Luna Shell execution' },
  ],
  [
    'Command Result: 0 without the space (5.1 doc)',
    firstLogin,
    parseCommandResult,
    { code: 0, text: 'Success' },
  ],
  [
    'client show error line',
    clientShowError,
    parseLunashError,
    {
      command: 'client show',
      code: 'C000040A',
      name: 'RC_OBJECT_NOT_IN_LIST',
      messages: ['Specified client does not exist.'],
    },
  ],
  [
    'client fingerprint error line',
    clientFingerprintError,
    parseLunashError,
    {
      command: 'client fingerprint',
      code: 'C000040A',
      name: 'RC_OBJECT_NOT_IN_LIST',
      messages: ["The client you specified does not exist. Use 'client list' to list all available clients."],
    },
  ],
  [
    'first login banner (5.1)',
    firstLogin,
    parseLoginBanner,
    { product: 'Luna SA 5.1.0-24', version: '5.1.0-24', buildTime: '20111223 11:55' },
  ],
  [
    'user list (5.1)',
    userList,
    parseUserList,
    [
      { name: 'admin', role: 'admin', enabled: true, radius: false },
      { name: 'monitor', role: 'monitor', enabled: true, radius: false },
      { name: 'operator', role: 'operator', enabled: false, radius: false },
    ],
  ],
  ['ntp addserver (5.x)', ntpAdd, parseNtpStatus, { running: true, enabled: true }],
  [
    'ntp listservers (5.x)',
    ntpList,
    parseNtpListServers,
    { servers: ['127.127.1.0', '54.208.217.148'], external: ['54.208.217.148'] },
  ],
  [
    'network route show (5.1)',
    routeShow,
    parseNetworkRouteShow,
    expect.objectContaining({
      manual: ['10.0.106.0/24 via 172.16.106.1 metric 0 dev eth1'],
      kernel: expect.arrayContaining([
        {
          destination: '0.0.0.0',
          gateway: '192.168.101.1',
          genmask: '0.0.0.0',
          flags: 'UG',
          metric: 0,
          iface: 'eth0',
        },
      ]),
    }),
  ],
  [
    'status interface (5.x)',
    statusInterface,
    parseStatusInterface,
    [
      {
        name: 'eth0',
        hwaddr: '00:15:B2:A4:A7:C2',
        address: '192.168.101.16',
        broadcast: '192.168.101.255',
        netmask: '255.255.255.0',
        up: true,
      },
    ],
  ],
  ['sysconf regenCert (5.x)', regenCert, parseRegenCert, { ntlsRestartNeeded: true }],
  ['sysconf regencert (HID 4.x)', hidRegen, parseRegenCert, { ntlsRestartNeeded: true }],
  ['ntls ipcheck show', ipcheck, parseNtlsIpcheck, { enabled: false }],
  ['service status ntp', serviceNtp, parseServiceStatus, { service: 'ntp', running: true }],
  [
    'service restart ntls (HID)',
    hidServiceRestart,
    parseServiceRestart,
    {
      steps: [
        { action: 'Stopping ntls', ok: true },
        { action: 'Starting ntls', ok: true },
      ],
      started: true,
    },
  ],
  ['hsm init (6.2)', hsmInit, expectSuccess('hsm init'), { successful: true }],
  ['hsm init with PED (HID)', hidHsmInit, expectSuccess('hsm init'), { successful: true }],
  ['hsm login (6.2)', hsmLogin, expectSuccess('hsm login'), { successful: true }],
  ['hsm show (5.3)', hsmShow53, parseHsmShow, hsmShow53Facts],
  [
    'hsm show (5.1 zeroized, no partitions)',
    hsmShowZeroized51,
    parseHsmShow,
    expect.objectContaining({ label: null, zeroized: true, loginAttemptsLeft: null, partitions: [] }),
  ],
  [
    'hsm show (6.2 with partition counts and FIPS)',
    hsmShow62,
    parseHsmShow,
    expect.objectContaining({
      model: 'K6 Base',
      adminLoggedIn: false,
      partitions: [{ serial: '534071009', name: 'partition1' }],
      partitionsAllowed: 10,
      partitionsCreated: 1,
      fips: true,
    }),
  ],
  [
    'hsm show (HID 4.x)',
    hidHsmShow,
    parseHsmShow,
    expect.objectContaining({
      label: 'ade_luna_sa',
      serial: '902514',
      firmware: '4.5.3',
      authentication: 'PED keys',
      partitions: [],
      other: { 'MofN activation status': 'M of N not used' },
    }),
  ],
  [
    'hsm showPolicies (6.2)',
    hsmPolicies62Show,
    parseHsmShowPolicies,
    expect.objectContaining({
      label: 'jpmonge',
      serial: '534071',
      fixed: [{ description: 'PIN-based authentication', value: 'True' }],
      policies: expect.arrayContaining([
        { description: 'Allow network replication', value: 'On', code: 16, destructive: false },
        { description: 'Allow non-FIPS algorithms', value: 'On', code: 12, destructive: true },
      ]),
    }),
  ],
  [
    'hsm changePolicy (6.2)',
    hsmChangePolicy62,
    parsePolicyChanged,
    { policy: 'Allow non-FIPS algorithms', value: '0' },
  ],
  [
    'hsm showPolicies (HID 4.x, one-line table header)',
    hidPolicies,
    parseHsmShowPolicies,
    expect.objectContaining({
      firmware: '4.6.1',
      capabilities: expect.arrayContaining([{ description: 'Performance level', value: '9' }]),
      policies: expect.arrayContaining([
        { description: 'Allow M of N auto-activation', value: 'On', code: 13, destructive: false },
      ]),
    }),
  ],
  [
    'hsm displayLicenses (HID; unverified)',
    hidLicenses,
    parseHsmDisplayLicenses,
    expect.objectContaining({ verified: false, partitionsAllowed: 2 }),
  ],
  ['partition create (6.2)', partitionCreate62, expectSuccess('partition create'), { successful: true }],
  ['partition create (7.x)', partitionCreate7, expectSuccess('partition create'), { successful: true }],
  [
    'partition create with PED (HID)',
    hidPartitionCreate,
    expectSuccess('partition create'),
    { successful: true },
  ],
  [
    'partition changePolicy (HID)',
    hidPartitionPolicy,
    parsePolicyChanged,
    { policy: 'Allow activation', value: '1' },
  ],
  [
    'partition activate (HID)',
    hidPartitionActivate,
    expectSuccess('partition activate'),
    { successful: true },
  ],
  ['partition list (5.x)', partitionList5, parsePartitionList, partitionList5Facts],
  ['partition list (7.x, Version column)', partitionList7Full, parsePartitionList, partitionList7Facts],
  ['partition list (empty)', emptyPartitions, parsePartitionList, []],
  ['partition show (6.2)', partitionShow62, parsePartitionShow, partitionShow62Facts],
  ['client register', clientRegister, expectSuccess('client register'), { successful: true }],
  ['client assignPartition', clientAssign, expectSuccess('client assignPartition'), { successful: true }],
  ['client list', clientList, parseClientList, ['client_name', 'client name with spaces']],
  ['client list (empty)', emptyClients, parseClientList, []],
  [
    'client show (5.1)',
    clientShow51,
    parseClientShow,
    {
      clientId: 'client1',
      hostname: 'client1',
      partitions: ['clientPar1', 'clientPar2', 'clientPar3'],
      other: {},
    },
  ],
  [
    'client show (5.3)',
    clientShow53,
    parseClientShow,
    expect.objectContaining({
      htlRequired: false,
      ottExpiry: 'n/a',
      partitions: ['clientPar1', 'clientPar2', 'clientPar3'],
    }),
  ],
  [
    'client show (5.3, none assigned)',
    clientShowNone,
    parseClientShow,
    expect.objectContaining({ partitions: [] }),
  ],
  [
    'client show (7.8)',
    clientShow78,
    parseClientShow,
    { clientId: 'sehsm3client', hostname: '10.0.0.5', partitions: ['sp_sehsm3'], other: {} },
  ],
  [
    'client fingerprint',
    clientFingerprint,
    parseClientFingerprint,
    { fingerprint: 'D9:9E:25:B3:A9:68:06:50:8F:C4:90:FC:E5:50:E2:BC' },
  ],
  ['timezone set (HID 4.x)', hidTimezone, parseTimezoneSet, { zone: 'US/Eastern' }],
  ['hostname set (HID 4.x)', hidHostname, parseHostnameSet, { hostname: 'ade_luna_sa' }],
  ['domain set (HID 4.x)', hidDomain, parseDomainSet, { domain: 'luna_sa.test.com' }],
  ['dns nameserver (HID 4.x)', hidDns, parseNameserverAdded, { nameserver: '192.168.5.78' }],
  [
    'network interface (HID 4.x)',
    hidInterface,
    parseInterfaceRestart,
    { restarted: true, devicesUp: ['eth0'] },
  ],
  [
    'ping (HID 4.x)',
    hidPing,
    parsePing,
    { target: 'supreme.testLunadomain.testval.activcard.com', transmitted: 1, received: 1, lossPercent: 0 },
  ],
  [
    'ntls show (HID 4.x, bound to an address)',
    hidNtlsShow,
    parseNtlsShow,
    { verified: true, device: 'eth0', address: '192.168.5.200', byAddress: true, other: {} },
  ],
]

describe('lunash parsers read every reference transcript', () => {
  for (const [variant, mangle] of Object.entries(variants)) {
    describe(variant, () => {
      it.each(cases)('%s', (_name, text, parse, expected) => {
        const result = parse(mangle(text))
        expect(result).toEqual({ ok: true, value: expected })
      })
    })
  }
})

describe('parsers say when they do not understand', () => {
  const garbage = '\x1b[31m#$%^&*(@!~ lkajsdf 0x7f \n ;;;; \n\u0000\u0007\n'
  it.each(cases.filter(([, , parse]) => parse !== parseCommandResult))(
    '%s refuses line noise',
    (_name, _text, parse) => {
      const result = parse(garbage)
      expect(result.ok).toBe(false)
    },
  )

  it('hsm show names the line it did not understand, and reads nothing from it', () => {
    const result = parseHsmShow(hsmShow53.replace('Manually Zeroized:', 'Something odd happened here'))
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ unrecognised: ['Something odd happened here                  No'] }),
    })
  })

  it('hsm show refuses a partition line it cannot read rather than leave the partition out', () => {
    const result = parseHsmShow(hsmShow53.replace('Partition: 157541008,', 'Partition 157541008'))
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ line: expect.stringContaining('Partition 157541008') }),
    })
  })

  it('partition list refuses a row with a missing column', () => {
    expect(
      parsePartitionList(partitionList5.replace('0    102701         0    102701', '0    102701')).ok,
    ).toBe(false)
  })

  it('a success parser does not accept another command’s success line', () => {
    expect(expectSuccess('partition delete')(partitionCreate62).ok).toBe(false)
  })
})
