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
