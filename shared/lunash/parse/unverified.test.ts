/**
 * Outputs the reference marks NOT FOUND: the parsers read the simulator's plausible form (fixtures captured from
 * the simulator, named sim-*) and say `verified: false` so the UI can flag the evidence.
 */
import { describe, expect, it } from 'vitest'
import { variants } from '../testing/variants'
import type { ParseError, Result } from '../result'
import { parseNetworkShow } from './network'
import { parseStatusDate, parseStatusZone } from './status'
import { parseNtlsShow } from './ntls'
import { parseHsmDisplayLicenses, parseHsmUpdateShow } from './hsm'
import { parseMyFileList } from './files'
import { parseSshFingerprint } from './sysconf'
import { parsePartitionShowPolicies } from './partition'
import { expectSuccess } from './success'
import networkShow from '../fixtures/sim-network-show.txt?raw'
import statusDate from '../fixtures/sim-status-date.txt?raw'
import statusZone from '../fixtures/sim-status-zone.txt?raw'
import ntlsShow from '../fixtures/sim-ntls-show.txt?raw'
import licenses from '../fixtures/sim-displaylicenses.txt?raw'
import fileList from '../fixtures/sim-my-file-list.txt?raw'
import fingerprint from '../fixtures/sim-fingerprint-ssh.txt?raw'
import updateShow from '../fixtures/sim-hsm-update-show.txt?raw'
import partitionPolicies from '../fixtures/sim-partition-showpolicies.txt?raw'
import changePw from '../fixtures/sim-partition-changepw.txt?raw'

type Case = [name: string, text: string, parse: (t: string) => Result<unknown, ParseError>, expected: unknown]

const cases: Case[] = [
  [
    'network show',
    networkShow,
    parseNetworkShow,
    expect.objectContaining({
      verified: false,
      hostname: 'hsm-rack-07',
      domain: 'example.com',
      nameservers: ['192.0.2.53', '192.0.2.54'],
      interfaces: [
        expect.objectContaining({
          device: 'eth0',
          address: '127.0.0.1',
          netmask: '255.255.255.0',
          configured: true,
          linkDetected: true,
        }),
        expect.objectContaining({ device: 'eth1', configured: false, linkDetected: false }),
      ],
    }),
  ],
  [
    'status date',
    statusDate,
    parseStatusDate,
    expect.objectContaining({ verified: false, year: expect.any(Number) }),
  ],
  ['status zone', statusZone, parseStatusZone, { verified: false, zone: 'UTC', abbreviation: 'UTC' }],
  [
    'ntls show',
    ntlsShow,
    parseNtlsShow,
    { verified: false, device: 'all', running: true, ipcheck: true, other: {} },
  ],
  [
    'hsm displayLicenses',
    licenses,
    parseHsmDisplayLicenses,
    expect.objectContaining({
      verified: false,
      partitionsAllowed: 10,
      licenses: expect.arrayContaining([{ id: '0, 9768e', description: 'K6Base' }]),
    }),
  ],
  [
    'my file list',
    fileList,
    parseMyFileList,
    { verified: false, files: [{ name: 'server.pem', bytes: expect.any(Number) }] },
  ],
  [
    'sysconf fingerprint ssh',
    fingerprint,
    parseSshFingerprint,
    expect.objectContaining({
      verified: false,
      fingerprints: expect.arrayContaining([expect.objectContaining({ algorithm: 'SHA256' })]),
    }),
  ],
  ['hsm update show', updateShow, parseHsmUpdateShow, { verified: false, current: '6.10.9' }],
  [
    'partition showPolicies',
    partitionPolicies,
    parsePartitionShowPolicies,
    expect.objectContaining({
      verified: false,
      policies: expect.arrayContaining([
        { description: 'Allow activation', value: 'Off', code: 22 },
        { description: 'Minimum pin length (inverted: 255 - min)', value: '248', code: 25 },
      ]),
    }),
  ],
  ['partition changePw', changePw, expectSuccess('partition changePw'), { successful: true }],
]

describe('parsers of outputs the reference does not have read the simulator’s form and say unverified', () => {
  for (const [variant, mangle] of Object.entries(variants)) {
    it.each(cases)(`${variant}: %s`, (_name, text, parse, expected) => {
      expect(parse(mangle(text))).toEqual({ ok: true, value: expected })
    })
  }
  it.each(cases)('%s refuses line noise', (_name, _text, parse) => {
    expect(parse('@@@ ;;; \x1b[31mnoise 1 2\n~~~ : ::\n').ok).toBe(false)
  })
})
