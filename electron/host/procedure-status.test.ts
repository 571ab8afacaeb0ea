import { describe, expect, it } from 'vitest'
import { markProcedures, type Snapshot } from './procedure-status'

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
