/**
 * The vtl parsers against every real output in the vtl corpus (fixtures/real/<client version>/<command>.txt),
 * through every way a terminal mangles text, and with unknown lines inserted anywhere.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { myHaLabelGroup } from './testing/real-facts'
import { VTL_CORPUS } from './fixtures/real/corpus'
import { variants } from '../lunash/testing/variants'
import { insertLines, insertions, withoutUnrecognised } from '../lunash/testing/unknown-lines'
import type { ParseError, Result } from '../lunash/result'
import {
  parseVtlAddServer,
  parseVtlCreateCert,
  parseVtlHaAdminShow,
  parseVtlListServers,
  parseVtlListSlots,
  parseVtlVerify,
} from './parse'

type Parser = (text: string) => Result<unknown, ParseError>

const PARSERS: Record<string, Parser> = {
  addserver: parseVtlAddServer,
  createcert: parseVtlCreateCert,
  listservers: parseVtlListServers,
  verify: parseVtlVerify,
  listslots: parseVtlListSlots,
  'haadmin-show': parseVtlHaAdminShow,
}

const EXPECTED: Record<string, unknown> = {
  '10.2/createcert.txt': {
    keyPath: 'C:\\Program Files\\SafeNet\\LunaClient\\cert\\client\\192.168.20.102Key.pem',
    certPath: 'C:\\Program Files\\SafeNet\\LunaClient\\cert\\client\\192.168.20.102.pem',
  },
  '10.7.2/createcert.txt': {
    keyPath: '/usr/safenet/lunaclient/cert/client/vciphertrust-i.daenerys.homeKey.pem',
    certPath: '/usr/safenet/lunaclient/cert/client/vciphertrust-i.daenerys.home.pem',
  },
  '10.7.2/verify.txt': [{ slot: 0, serial: '1682975235230', label: 'SP_SKS_SEHSM3' }],
  '5.4.1/haadmin-show.txt': {
    settings: {
      'HA Proxy': 'disabled',
      'HA Auto Recovery': 'disabled',
      'Maximum Auto Recovery Retry': '0',
      'Auto Recovery Poll Interval': '60 seconds',
      'HA Logging': 'enabled',
      'HA Log File': '/tmp/haErrorLog.txt',
      'Maximum HA Log File Length': '262144 bytes',
      'Only Show HA Slots': 'no',
    },
    groups: [myHaLabelGroup],
  },
  '5.4.1/listslots.txt': {
    count: 5,
    slots: [
      { slot: 1, description: 'LunaNet Slot', label: 'par43', serial: '156908040', present: true },
      { slot: 2, description: 'LunaNet Slot', label: 'par40', serial: '156936072', present: true },
      { slot: 3, description: '-', present: false },
      { slot: 10, description: 'HA Virtual Card Slot', label: 'ha3', serial: '343610292', present: true },
    ],
  },
  '6.2.2/addserver.txt': { server: '10.121.229.201' },
  '6.2.2/createcert.txt': {
    keyPath: '/var/safenet/safenet/lunaclient/cert/client/10.121.229.224Key.pem',
    certPath: '/var/safenet/safenet/lunaclient/cert/client/10.121.229.224.pem',
  },
  '6.2.2/listservers.txt': [{ server: '10.121.229.201', htlRequired: false }],
  '6.2.2/verify.txt': [{ slot: 0, serial: '534071053', label: 'partition6' }],
  'unknown/addserver.ibm-blockchain.txt': { server: '10.208.66.177' },
  'unknown/createcert.ibm-blockchain.txt': {
    keyPath: '/usr/safenet/lunaclient/cert/client/10.220.203.73Key.pem',
    certPath: '/usr/safenet/lunaclient/cert/client/10.220.203.73.pem',
  },
  'unknown/verify.ibm-blockchain.txt': [{ slot: 0, serial: '500752010', label: 'partition1' }],
  'unknown/verify.sunet.txt': [{ slot: 1, serial: '999999999', label: 'example' }],
}

const cases = VTL_CORPUS.map((entry) => [entry.file, entry] as const)

describe('the vtl corpus', () => {
  it('has an expectation for every file and a parser for every command', () => {
    expect(VTL_CORPUS.filter((e) => !(e.file in EXPECTED)).map((e) => e.file)).toEqual([])
    expect(VTL_CORPUS.filter((e) => PARSERS[e.command] === undefined).map((e) => e.file)).toEqual([])
    expect(Object.keys(EXPECTED).filter((f) => !VTL_CORPUS.some((e) => e.file === f))).toEqual([])
  })
  it('has a real output for every vtl command Rackside runs', () => {
    expect(Object.keys(PARSERS).filter((c) => !VTL_CORPUS.some((e) => e.command === c))).toEqual([])
  })
})

describe('vtl parsers read every real output', () => {
  for (const [variant, mangle] of Object.entries(variants)) {
    it.each(cases)(`${variant}: %s`, (file, entry) => {
      const parse = PARSERS[entry.command] as Parser
      expect(parse(mangle(entry.text))).toEqual({ ok: true, value: EXPECTED[file] })
    })
  }
})

describe('unknown lines inserted anywhere never change what the vtl parsers read', () => {
  it.each(cases)('%s', (file, entry) => {
    const parse = PARSERS[entry.command] as Parser
    fc.assert(
      fc.property(insertions, (inserts) => {
        const noisy = parse(insertLines(entry.text, inserts))
        expect(noisy.ok).toBe(true)
        if (noisy.ok) expect(withoutUnrecognised(noisy.value)).toEqual(EXPECTED[file])
      }),
      { numRuns: 60 },
    )
  })
})
