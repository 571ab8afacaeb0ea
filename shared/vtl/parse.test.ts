import { describe, expect, it } from 'vitest'
import { myHaLabelGroup } from './testing/real-facts'
import { variants } from '../lunash/testing/variants'
import type { ParseError, Result } from '../lunash/result'
import {
  parseVtlAddServer,
  parseVtlCreateCert,
  parseVtlHaAdminShow,
  parseVtlListServers,
  parseVtlListSlots,
  parseVtlVerify,
} from './parse'
import createCertLinux from './fixtures/createcert-linux.txt?raw'
import createCertWindows from './fixtures/createcert-windows.txt?raw'
import addServer from './fixtures/addserver.txt?raw'
import verify6 from './fixtures/verify-6.x.txt?raw'
import verifyTabs from './fixtures/verify-tabs.txt?raw'
import verify5 from './fixtures/verify-5.x.txt?raw'
import listSlots from './fixtures/listslots.txt?raw'
import haAdminShow from './fixtures/haadmin-show.txt?raw'

const verify10 =
  'vtl (64-bit) v10.7.2-16. Copyright (c) 2024 Thales Group. All rights reserved.\n\nThe following Luna SA Slots/Partitions were found:\n\nSlot\tSerial #        \tLabel\n====\t================\t=====\n   0\t   1682975235230 \tSP_SKS_SEHSM3\n'
const verifyError = 'Error: Unable to find any Luna SA slots/partitions among registered server\n'

type Case = [name: string, text: string, parse: (t: string) => Result<unknown, ParseError>, expected: unknown]

const cases: Case[] = [
  [
    'createCert (Linux)',
    createCertLinux,
    parseVtlCreateCert,
    {
      keyPath: '/var/safenet/safenet/lunaclient/cert/client/10.121.229.224Key.pem',
      certPath: '/var/safenet/safenet/lunaclient/cert/client/10.121.229.224.pem',
    },
  ],
  [
    'createCert (Windows, 10.x banner)',
    createCertWindows,
    parseVtlCreateCert,
    {
      keyPath: 'C:\\Program Files\\SafeNet\\LunaClient\\cert\\client\\192.168.20.102Key.pem',
      certPath: 'C:\\Program Files\\SafeNet\\LunaClient\\cert\\client\\192.168.20.102.pem',
    },
  ],
  ['addServer', addServer, parseVtlAddServer, { server: '10.121.229.201' }],
  ['verify (6.x)', verify6, parseVtlVerify, [{ slot: 0, serial: '534071053', label: 'partition6' }]],
  [
    'verify (TAB layout)',
    verifyTabs,
    parseVtlVerify,
    [{ slot: 0, serial: '500752010', label: 'partition1' }],
  ],
  ['verify (5.x)', verify5, parseVtlVerify, [{ slot: 1, serial: '999999999', label: 'example' }]],
  [
    'verify (10.7.2 banner)',
    verify10,
    parseVtlVerify,
    [{ slot: 0, serial: '1682975235230', label: 'SP_SKS_SEHSM3' }],
  ],
  [
    'listServers',
    'Server: 10.121.229.201  HTL required: no\n',
    parseVtlListServers,
    [{ server: '10.121.229.201', htlRequired: false }],
  ],
  ['listServers (empty)', 'There are no servers registered.\n', parseVtlListServers, []],
  [
    'listSlots',
    listSlots,
    parseVtlListSlots,
    expect.objectContaining({
      count: 5,
      slots: expect.arrayContaining([
        { slot: 1, description: 'LunaNet Slot', label: 'par43', serial: '156908040', present: true },
        { slot: 3, description: '-', present: false },
        { slot: 10, description: 'HA Virtual Card Slot', label: 'ha3', serial: '343610292', present: true },
      ]),
    }),
  ],
  [
    'haAdmin show',
    haAdminShow,
    parseVtlHaAdminShow,
    expect.objectContaining({
      settings: expect.objectContaining({ 'HA Proxy': 'disabled', 'HA Log File': '/tmp/haErrorLog.txt' }),
      groups: [myHaLabelGroup],
    }),
  ],
]

describe('vtl parsers read every reference transcript', () => {
  for (const [variant, mangle] of Object.entries(variants)) {
    it.each(cases)(`${variant}: %s`, (_name, text, parse, expected) => {
      expect(parse(mangle(text))).toEqual({ ok: true, value: expected })
    })
  }
})

describe('vtl parsers say when something is wrong', () => {
  it('vtl verify reports the registration error, not an empty list', () => {
    expect(parseVtlVerify(verifyError)).toEqual({
      ok: false,
      error: expect.objectContaining({
        message: expect.stringContaining('Unable to find any Luna SA slots/partitions'),
      }),
    })
  })
  it('vtl haAdmin show with no groups (the simulator’s wording, unverified) is an empty list', () => {
    const none = haAdminShow.replace(/HA Group Label:[\s\S]*$/, 'There are no HA groups configured.\n')
    expect(parseVtlHaAdminShow(none)).toEqual({ ok: true, value: expect.objectContaining({ groups: [] }) })
  })
  it('vtl haAdmin show: a member with no slot on this client (down, or hidden by HA-only) is a row without a slot', () => {
    const down =
      haAdminShow.replace('Group Members: 156908040', 'Group Members: 156908040, 156908041') +
      '- 156908041 par44 down\n'
    const parsed = parseVtlHaAdminShow(down)
    expect(parsed.ok && parsed.value.groups[0]?.memberRows).toEqual([
      { slot: 1, serial: '156908040', label: 'par43', status: 'alive' },
      { serial: '156908041', label: 'par44', status: 'down' },
    ])
  })
  it('vtl addServer reports an already registered server', () => {
    expect(parseVtlAddServer('This server is already registered\n').ok).toBe(false)
  })
  it.each(cases)('%s refuses line noise', (_name, _text, parse) => {
    expect(parse('@@@ 1 2 3 ;;; \x1b[31mnoise\n~~~\n').ok).toBe(false)
  })
})
