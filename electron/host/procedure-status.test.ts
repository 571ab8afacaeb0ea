import { describe, expect, it } from 'vitest'
import { READ_AREAS, type Snapshot } from '../../shared/procedures'
import { markProcedures, overviewWarnings } from '../../shared/procedures/marks'
import { READS } from './procedure-status'

const snapshot = (hostname: string, partitions: string[]): Snapshot => ({
  network: {
    verified: false,
    hostname,
    nameservers: [],
    searchDomains: [],
    interfaces: [],
    routes: [],
    other: {},
  },
  partitions: partitions.map((name, i) => ({
    name,
    serial: `15754100${i}`,
    objects: 0,
    totalBytes: 0,
    usedBytes: 0,
    freeBytes: 0,
  })),
})
const mark = (s: Snapshot, records: Parameters<typeof markProcedures>[1], id: string) =>
  markProcedures(s, records).find((p) => p.id === id)?.mark

describe('procedure marks', () => {
  const done = (commandId: string, fields: Record<string, unknown>) => ({
    commandId,
    fields,
    at: '2026-11-28T16:00:00Z',
  })

  it('a hostname Rackside set and the appliance still shows is done', () => {
    expect(
      mark(snapshot('luna-sa-1', []), [done('network.hostname', { hostname: 'luna-sa-1' })], 'hostname'),
    ).toBe('done')
  })

  it('a hostname changed since Rackside set it is "changed"', () => {
    expect(
      mark(snapshot('other', []), [done('network.hostname', { hostname: 'luna-sa-1' })], 'hostname'),
    ).toBe('changed')
  })

  it('a partition Rackside created and someone deleted is "changed"; none ever created is "not done"', () => {
    expect(mark(snapshot('x', []), [done('partition.create', { partition: 'cms' })], 'partitions')).toBe(
      'changed',
    )
    expect(mark(snapshot('x', []), [], 'partitions')).toBe('not-done')
    expect(mark(snapshot('x', ['cms']), [], 'partitions')).toBe('done')
  })

  it('the factory hostname is "not done"; what could not be read is "unknown", never done', () => {
    expect(mark(snapshot('local_host', []), [], 'hostname')).toBe('not-done')
    expect(mark({}, [], 'hsm-init')).toBe('unknown')
    expect(mark({}, [done('hsm.init', { label: 'x' })], 'hsm-init')).toBe('unknown')
  })
})

describe('what cannot be read is unknown, with its reason, never "not done"', () => {
  const problem = {
    area: 'hsm policies',
    reason: 'hsm showPolicies: unknown — re-verify: a row is not understood',
  }

  it('a policy table that was not read: unknown, and the read’s failure is the reason', () => {
    const p = markProcedures({}, [], [problem]).find((x) => x.id === 'hsm-policies')
    expect(p?.mark).toBe('unknown')
    expect(p?.reason).toContain('a row is not understood')
  })

  it('every unknown mark carries a reason', () => {
    for (const p of markProcedures({}, [], [problem]))
      if (p.mark === 'unknown') expect(p.reason, p.id).toMatch(/\S/)
    for (const p of markProcedures(snapshot('luna-1', []), []))
      if (p.mark === 'unknown') expect(p.reason, p.id).toMatch(/\S/)
  })

  it('the NTLS certificate and the firmware, which the appliance cannot vouch for, are unknown, not "not done"', () => {
    const marks = markProcedures({ hsm: hsmFacts() }, [])
    expect(marks.find((p) => p.id === 'ntls-cert')).toMatchObject({ mark: 'unknown' })
    expect(marks.find((p) => p.id === 'firmware')).toMatchObject({
      mark: 'unknown',
      reason: expect.stringContaining('firmware 6.10.9'),
    })
  })

  it('policy 16 read from the table: on is done, off is not done', () => {
    const policies = (value: string) => ({
      policies: [{ code: 16, description: 'Allow network replication', value, destructive: false }],
    })
    expect(mark({ policies: policies('On') }, [], 'hsm-policies')).toBe('done')
    expect(mark({ policies: policies('Off') }, [], 'hsm-policies')).toBe('not-done')
  })
})

describe('the partition licence the HID procedure needs', () => {
  /** The HID guide's 4.x HSM: `0, 97659 2 Partitions` among its capability licences. */
  const licences = (...descriptions: string[]): NonNullable<Snapshot['licences']> => ({
    verified: false,
    licenses: descriptions.map((description, i) => ({ id: `0, 9765${i}`, description })),
  })
  const hid = licences('K5Base', 'ECC', '2 Partitions', 'FIPS3')
  const withCreated = (created: number): NonNullable<Snapshot['hsm']> => ({
    ...hsmFacts(),
    partitionsAllowed: 2,
    partitionsCreated: created,
  })

  it('a licence with room for the CMS partition is done, and nothing is said', () => {
    const s: Snapshot = { licences: hid, hsm: withCreated(0) }
    const p = markProcedures(s, []).find((x) => x.id === 'licences')
    expect(p).toMatchObject({ mark: 'done', evidence: expect.stringContaining('2 Partitions; 0 created') })
    expect(overviewWarnings(s)).toEqual([])
  })

  it('no partition licence is "not done", with a warning saying what to get', () => {
    const s: Snapshot = { licences: licences('K5Base', 'ECC'), hsm: withCreated(0) }
    expect(mark(s, [], 'licences')).toBe('not-done')
    expect(overviewWarnings(s).join(' ')).toMatch(/lists no partition licence/)
  })

  it('every licensed partition in use: still licensed, but the next partition create is announced as refused', () => {
    const s: Snapshot = { licences: hid, hsm: withCreated(2) }
    expect(mark(s, [], 'licences')).toBe('done')
    expect(overviewWarnings(s).join(' ')).toMatch(/a further partition create will be refused/)
  })

  it('the partition list counts when hsm show gives no count (4.x)', () => {
    const row = { serial: '1', objects: 0, totalBytes: 0, usedBytes: 0, freeBytes: 0 }
    const s: Snapshot = {
      licences: hid,
      partitions: [
        { ...row, name: 'a' },
        { ...row, name: 'b' },
      ],
    }
    expect(overviewWarnings(s).join(' ')).toMatch(/licensed for 2 partitions and 2 are created/)
  })

  it('a licence table that could not be read is unknown with its reason, and warns of nothing', () => {
    const problem = { area: 'licences', reason: 'hsm displayLicenses: a licence row is not understood' }
    const p = markProcedures({ hsm: withCreated(2) }, [], [problem]).find((x) => x.id === 'licences')
    expect(p).toMatchObject({
      mark: 'unknown',
      reason: expect.stringContaining('a licence row is not understood'),
    })
    expect(overviewWarnings({ hsm: withCreated(2) })).toEqual([])
  })

  it('no partition licence read although partitions exist is unknown, not "not done"', () => {
    const p = markProcedures({ licences: licences('K6Base'), hsm: withCreated(3) }, []).find(
      (x) => x.id === 'licences',
    )
    expect(p).toMatchObject({ mark: 'unknown', reason: expect.stringMatching(/yet partitions exist/) })
  })
})

describe('what the host reads', () => {
  it('covers every area a mark can rest on, and no other', () => {
    expect(new Set(READS.map((r) => r.area))).toEqual(new Set(Object.keys(READ_AREAS)))
  })
})

function hsmFacts(): NonNullable<Snapshot['hsm']> {
  return {
    label: 'rack7',
    serial: '157541',
    firmware: '6.10.9',
    adminLoggedIn: false,
    loginAttemptsLeft: 3,
    zeroized: false,
    partitions: [],
    fips: false,
    other: {},
  }
}
