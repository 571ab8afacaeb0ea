/**
 * The HSM and partition parsers against every corpus file of their command (fixtures/real/<era>/<command>.txt):
 * a file added there is tested here without editing this test. Whole outputs must be read, garbled ones and
 * bare command lines refused, prompts left to the operator; the facts of each section are pinned below.
 */
import { describe, expect, it } from 'vitest'
import { corpusOf, CORPUS, sectionName, type CorpusSection } from '../fixtures/real/corpus'
import unverifiedList from '../fixtures/real/UNVERIFIED.md?raw'
import { variants } from '../testing/variants'
import {
  hsmShow53Facts,
  partitionList5Facts,
  partitionList7Facts,
  partitionShow62Facts,
} from '../testing/real-facts'
import { parserOf, PARSERS } from '../fixtures/real/parsers-hsm-partition'
import type { ParseError, Result } from '../result'
import { classifyScreen } from '../screen'
import { parseCommandResult, parseLunashError } from './common'

const sections = Object.keys(PARSERS).flatMap((command) => corpusOf(command))
const refused = { refused: true } as const

/** What each section must parse to; `refused` where the parser must say it does not understand. */
const EXPECTED: Record<string, unknown> = {
  '4/hsm-show.txt#0': {
    softwareVersion: '3.3.0-5',
    label: 'ade_luna_sa',
    serial: '902514',
    firmware: '4.5.3',
    model: 'Luna K3',
    authentication: 'PED keys',
    adminLoggedIn: false,
    loginAttemptsLeft: 3,
    zeroized: false,
    partitions: [],
    fips: false,
    other: { 'MofN activation status': 'M of N not used' },
  },
  '5/hsm-show.txt#0': {
    softwareVersion: '5.1.0-25',
    label: null,
    serial: '156155',
    firmware: '6.2.1',
    model: 'Luna K6',
    authentication: 'Password',
    adminLoggedIn: false,
    loginAttemptsLeft: null,
    zeroized: true,
    partitions: [],
    fips: false,
    storage: { maxBytes: 2097152, usedBytes: 0, freeBytes: 2097152 },
    other: { 'RPV Initialized': 'No', 'Manually Zeroized': 'No' },
  },
  '5/hsm-show.txt#1': hsmShow53Facts,
  // `no label` yet not zeroized: the attempts line says one attempt is left, and that is what is reported.
  '5/hsm-show.txt#2': expect.objectContaining({
    label: null,
    zeroized: false,
    loginAttemptsLeft: 1,
    partitions: [],
    firmware: '6.10.2',
  }),
  '5/hsm-show.txt#3': expect.objectContaining({ label: 'HAIL_SANTA', loginAttemptsLeft: 1, partitions: [] }),
  '6/hsm-show.txt#0': {
    softwareVersion: '6.2.2-5',
    label: 'jpmonge',
    serial: '534071',
    firmware: '6.10.9',
    model: 'K6 Base',
    authentication: 'Password',
    adminLoggedIn: false,
    loginAttemptsLeft: 3,
    zeroized: false,
    partitions: [{ serial: '534071009', name: 'partition1' }],
    partitionsAllowed: 10,
    partitionsCreated: 1,
    fips: true,
    storage: { maxBytes: 2097152, usedBytes: 209715, freeBytes: 1887437 },
    other: {
      'RPV Initialized': 'No',
      'Audit Role Initialized': 'No',
      'Remote Login Initialized': 'No',
      'Manually Zeroized': 'No',
    },
  },
  // The document omitted the partitions section: the parser does not claim there are none.
  '6/hsm-show.txt#1': refused,
  '6/hsm-show.txt#2': refused,
  '7/hsm-show.txt#0': {
    softwareVersion: '7.2.0-220',
    label: null,
    serial: '572413',
    firmware: '7.0.3',
    model: 'Luna K7',
    partNumber: '808-000066-001',
    authentication: 'Password',
    adminLoggedIn: false,
    loginAttemptsLeft: null,
    zeroized: true,
    partitions: [],
    partitionsAllowed: 10,
    partitionsCreated: 0,
    fips: false,
    storage: { maxBytes: 33554432, usedBytes: 0, freeBytes: 33554432 },
    secureTransportMode: false,
    tamperState: 'No tamper(s)',
    environment: {
      'Battery Voltage': '3.093 V',
      'Battery Warning Threshold Voltage': '2.750 V',
      'System Temp': '35 deg. C',
      'System Temp Warning Threshold': '75 deg. C',
    },
    other: {
      'RPV Initialized': 'No',
      'Audit Role Initialized': 'Yes',
      'Remote Login Initialized': 'No',
      'Manually Zeroized': 'No',
    },
  },

  '4/hsm-showpolicies.txt#0': expect.objectContaining({
    label: 'ade_luna_sa',
    serial: '950217',
    firmware: '4.6.1',
    capabilities: expect.arrayContaining([
      { description: 'Enable domestic mechanisms & key sizes', value: 'Allowed' },
      { description: 'Performance level', value: '9' },
      { description: 'Enable non-FIPS accelerator mode', value: 'Disallowed' },
    ]),
    fixed: [
      { description: 'PED-based authentication', value: 'True' },
      { description: 'Require M of N', value: 'False' },
    ],
    policies: [
      { description: 'Allow masking', value: 'On', code: 6, destructive: true },
      { description: 'Allow cloning', value: 'On', code: 7, destructive: true },
      { description: 'Allow non-FIPS algorithms', value: 'On', code: 12, destructive: true },
      { description: 'Allow M of N auto-activation', value: 'On', code: 13, destructive: false },
      { description: 'SO can reset partition PIN', value: 'On', code: 15, destructive: true },
      { description: 'Allow Remote Authentication', value: 'On', code: 20, destructive: true },
      { description: 'Force user PIN change after set/reset', value: 'Off', code: 21, destructive: false },
      { description: 'Allow offboard storage', value: 'On', code: 22, destructive: true },
    ],
  }),
  '6/hsm-showpolicies.txt#0': {
    label: 'jpmonge',
    serial: '534071',
    firmware: '6.10.9',
    fixed: [{ description: 'PIN-based authentication', value: 'True' }],
    policies: [
      { description: 'Allow masking', value: 'On', code: 6, destructive: true },
      { description: 'Allow cloning', value: 'On', code: 7, destructive: true },
      { description: 'Allow non-FIPS algorithms', value: 'On', code: 12, destructive: true },
      { description: 'SO can reset partition PIN', value: 'On', code: 15, destructive: true },
      // The table says No: policy 16 is not destructive.
      { description: 'Allow network replication', value: 'On', code: 16, destructive: false },
      { description: 'Allow Remote Authentication', value: 'On', code: 20, destructive: true },
      { description: 'Force user PIN change after set/reset', value: 'Off', code: 21, destructive: false },
      { description: 'Allow offboard storage', value: 'On', code: 22, destructive: true },
      { description: 'Allow Acceleration', value: 'On', code: 29, destructive: true },
    ],
    unrecognised: ['[OUTPUT OMITTED]'],
  },
  '6/hsm-showpolicies.txt#1': expect.objectContaining({
    fixed: [{ description: 'PIN-based authentication', value: 'True' }],
    policies: expect.arrayContaining([
      { description: 'Allow non-FIPS algorithms', value: 'Off', code: 12, destructive: true },
      { description: 'Allow network replication', value: 'On', code: 16, destructive: false },
    ]),
    unrecognised: ['[OUTPUT OMITTED]'],
  }),
  // 6.20.2 wraps its introductions over two lines; the document's `...` are reported, not read as values.
  '6/hsm-showpolicies.txt#2': {
    firmware: '6.20.2',
    policies: [{ description: 'SO can reset partition PIN', value: 'On', code: 15, destructive: true }],
    unrecognised: ['HSM Label:   ...', 'Serial #:    ...', '...'],
  },

  '4/hsm-displaylicenses.txt#0': {
    verified: false,
    partitionsAllowed: 2,
    licenses: [
      { id: '0, 9768e', description: 'K5Base' },
      { id: '0, 9765f', description: 'ECC' },
      { id: '0, 97660', description: 'KCDSA' },
      { id: '0, 97656', description: 'Objects320' },
      { id: '0, 97651', description: 'Performance1200' },
      { id: '0, 97659', description: '2 Partitions' },
      { id: '0, 9768d', description: 'Offboard Storage KE' },
      { id: '0, 9764d', description: 'FIPS3' },
    ],
  },

  '4/hsm-login.txt#0': { successful: true },
  '5/hsm-login.txt#0': { successful: true },
  '6/hsm-login.txt#0': { successful: true },
  '6/hsm-login.txt#1': refused,
  '7/hsm-login.txt#0': { successful: true },
  '7/hsm-login.txt#1': refused,
  '4/hsm-init.txt#0': { successful: true },
  '5/hsm-init.txt#0': { successful: true },
  '6/hsm-init.txt#0': { successful: true },
  '4/hsm-changepolicy.txt#0': refused,
  '6/hsm-changepolicy.txt#0': { policy: 'Allow non-FIPS algorithms', value: '0' },

  '4/partition-list.txt#0': [{ serial: '902514001', name: 'ade_partition' }],
  '5/partition-list.txt#0': partitionList5Facts,
  '5/partition-list.txt#1': [],
  '6/partition-list.txt#0': [
    {
      serial: '534071016',
      name: 'partition1',
      objects: 0,
      totalBytes: 207559,
      usedBytes: 0,
      freeBytes: 207559,
    },
    {
      serial: '534071020',
      name: 'partition2',
      objects: 3,
      totalBytes: 207559,
      usedBytes: 3464,
      freeBytes: 204095,
    },
    {
      serial: '534071027',
      name: 'partition3',
      objects: 0,
      totalBytes: 207559,
      usedBytes: 0,
      freeBytes: 207559,
    },
    {
      serial: '534071021',
      name: 'partition4',
      objects: 2,
      totalBytes: 207559,
      usedBytes: 1652,
      freeBytes: 205907,
    },
    {
      serial: '534071030',
      name: 'partition5',
      objects: 10,
      totalBytes: 207559,
      usedBytes: 9400,
      freeBytes: 198159,
    },
    {
      serial: '534071053',
      name: 'partition6',
      objects: 0,
      totalBytes: 207559,
      usedBytes: 0,
      freeBytes: 207559,
    },
  ],
  '6/partition-list.txt#1': refused,
  '7/partition-list.txt#0': partitionList7Facts,
  '7/partition-list.txt#1': [
    {
      serial: '1582775433934',
      name: 'sp_sehsm3',
      version: '0',
      objects: 23,
      totalBytes: 648381,
      usedBytes: 9408,
      freeBytes: 638973,
    },
  ],

  '6/partition-show.txt#0': partitionShow62Facts,
  '6/partition-show.txt#1': expect.objectContaining({
    storage: { totalBytes: 207559, usedBytes: 1660, freeBytes: 205899 },
    objectCount: 2,
  }),
  '6/partition-show.txt#2': {
    name: 'example',
    serial: '123456789',
    ownerLockedOut: true,
    ownerPinToBeChanged: false,
    loginAttemptsLeft: 0,
    storage: { totalBytes: 108160, usedBytes: 148, freeBytes: 108012 },
    objectCount: 1,
    other: { 'Legacy Domain Has Been Set': 'no' },
  },

  '4/partition-create.txt#0': { successful: true },
  '5/partition-create.txt#0': { successful: true },
  '6/partition-create.txt#0': { successful: true },
  '7/partition-create.txt#0': { successful: true },
  '7/partition-create.txt#1': { successful: true },
  '4/partition-changepw.txt#0': refused,
  '6/partition-changepw.txt#0': { successful: true },
  '6/partition-changepw.txt#1': refused,
  // 7.x on a PED HSM prints a deactivation warning and no success line: nothing to claim.
  '7/partition-changepw.txt#0': refused,
  '4/partition-changepolicy.txt#0': { policy: 'Allow activation', value: '1' },
  '4/partition-activate.txt#0': { successful: true },

  '5/login-banner.txt#0': { product: 'Luna SA 5.1.0-24', version: '5.1.0-24', buildTime: '20111223 11:55' },
  '5/login-banner.txt#1': { product: 'Luna SA 5.4.7-1', version: '5.4.7-1' },
  '5/login-banner.txt#2': {
    product: 'SafeNet Network HSM 5.4.0-14',
    version: '5.4.0-14',
    buildTime: '20131223 11:55',
  },
  '7/login-banner.txt#0': { product: 'Luna Network HSM', version: '7.2.0-220' },
  '7/login-banner.txt#1': { product: 'Luna Network HSM', version: '7.8.5-20' },
  '7/login-banner.txt#2': { product: 'SafeNet Luna Network HSM 7.0', version: '7.0' },
}

const key = (s: CorpusSection): string => `${s.file}#${s.index}`
const facts = (r: Result<unknown, ParseError>): unknown => (r.ok ? r.value : refused)

describe('HSM and partition parsers read every corpus section of their command', () => {
  it.each(sections.map((s) => [sectionName(s), s] as const))('%s', (_name, s) => {
    const result = parserOf(s)(s.text)
    if (s.kind === 'output') expect(result.ok, JSON.stringify(result)).toBe(true)
    if (s.kind === 'garbled' || s.kind === 'command-only' || s.kind === 'prompt')
      expect(result.ok).toBe(false)
    expect(facts(result)).toEqual(EXPECTED[key(s)])
  })

  it('pins the facts of every section, and of no section that does not exist', () => {
    expect(sections.map(key).sort()).toEqual(Object.keys(EXPECTED).sort())
  })
})

/** What a word processor does to a transcript pasted into a document: curly quotes, en dashes, no-break spaces. */
const documentTypography = (t: string): string =>
  t
    .replace(/'([^'\n]*)'/g, '\u2018$1\u2019')
    .replace(/"([^"\n]*)"/g, '\u201c$1\u201d')
    .replace(/ - /g, ' \u2013 ')
    .replace(/: {2}/g, ':\u00a0 ')

describe('the same facts through a terminal that mangles the output', () => {
  const readable = sections.filter((s) => parserOf(s)(s.text).ok)
  for (const [variant, mangle] of Object.entries({
    ...variants,
    'document typography': documentTypography,
  })) {
    it.each(readable.map((s) => [sectionName(s), s] as const))(`${variant}: %s`, (_name, s) => {
      expect(parserOf(s)(mangle(s.text))).toEqual(parserOf(s)(s.text))
    })
  }
})

describe('a question the appliance asks is left to the operator', () => {
  const prompts = sections.filter((s) => s.kind === 'prompt' || s.kind === 'command-only')
  it.each(prompts.map((s) => [sectionName(s), s] as const))('%s', (_name, s) => {
    // The corpus file ends with a newline; the appliance leaves the cursor after the question.
    const screen = classifyScreen(s.text.replace(/\n$/, ''))
    expect(screen.kind).not.toBe('lunash')
    if (s.screen !== undefined) expect(screen.kind).toBe(s.screen)
  })
})

describe('the Command Result line, both spellings, in every corpus file', () => {
  const withResult = CORPUS.filter((s) => /^\s*Command Result ?:/m.test(s.text))
  it('the corpus has both `Command Result : 0` and `Command Result: 0`', () => {
    expect(withResult.some((s) => /Command Result : \d/.test(s.text))).toBe(true)
    expect(withResult.some((s) => /Command Result: \d/.test(s.text))).toBe(true)
  })
  it.each(withResult.map((s) => [sectionName(s), s] as const))('%s', (_name, s) => {
    const last = [...s.text.matchAll(/^\s*Command Result ?: ?(\d+) \(([^)\n]*)\)\s*$/gm)].at(-1)
    expect(parseCommandResult(s.text)).toEqual({
      ok: true,
      value: { code: Number(last?.[1]), text: last?.[2] },
    })
    // A failed command names itself in an `Error:  '<command>' failed. (<code> : <NAME>)` line.
    if (Number(last?.[1]) !== 0) expect(parseLunashError(s.text).ok).toBe(true)
  })
})

describe('the Error lines of failed commands', () => {
  const ERRORS: Record<string, unknown> = {
    '5/client-show.error.txt#0': {
      command: 'client show',
      code: 'C000040A',
      name: 'RC_OBJECT_NOT_IN_LIST',
      messages: ['Specified client does not exist.'],
    },
    // The explanation comes first here, continued on an indented line.
    '5/client-fingerprint.error.txt#0': {
      command: 'client fingerprint',
      code: 'C000040A',
      name: 'RC_OBJECT_NOT_IN_LIST',
      messages: ["The client you specified does not exist. Use 'client list' to list all available clients."],
    },
  }
  it.each(Object.entries(ERRORS))('%s', (name, expected) => {
    const s = CORPUS.find((c) => `${c.file}#${c.index}` === name)
    expect(s, `${name} is not in the corpus`).toBeDefined()
    expect(parseLunashError(s?.text ?? '')).toEqual({ ok: true, value: expected })
  })
  it('finds no Error line in a successful output', () => {
    for (const s of CORPUS.filter((c) => /Command Result ?: ?0 /.test(c.text) && !/^\s*Error:/m.test(c.text)))
      expect(parseLunashError(s.text).ok, sectionName(s)).toBe(false)
  })
})

describe('what no source shows is listed as unverified', () => {
  const eras = [4, 5, 6, 7] as const
  const missing = Object.keys(PARSERS).flatMap((command) =>
    eras.filter((era) => !corpusOf(command).some((s) => s.era === era)).map((era) => [command, era] as const),
  )
  it.each(missing)('%s in era %s is in UNVERIFIED.md', (command, era) => {
    const row = unverifiedList.split('\n').find((l) => l.startsWith(`| \`${command}\``))
    expect(row, `${command} has no row in UNVERIFIED.md`).toBeDefined()
    expect(row?.split('|')[2]).toMatch(new RegExp(`\\b${era}\\b`))
  })
})
