/** Small pure questions about a Snapshot that more than one procedure's done-judgement asks. */
import type { ReadArea, Snapshot } from './types'

/** Each area the Overview reads, as its hint names it, and what in the snapshot shows it was read. */
export const READ_AREAS: Record<ReadArea, { label: string; read: (s: Snapshot) => unknown }> = {
  hsm: { label: 'hsm show', read: (s) => s.hsm },
  licences: { label: 'the licences', read: (s) => s.licences },
  'hsm policies': { label: 'the HSM policies', read: (s) => s.policies },
  network: { label: 'the network', read: (s) => s.network },
  ntls: { label: 'NTLS', read: (s) => s.ntls },
  partitions: { label: 'partitions', read: (s) => s.partitions },
  clients: { label: 'clients', read: (s) => s.clients },
  time: { label: 'the time', read: (s) => s.time?.zone },
  ntp: { label: 'the NTP servers', read: (s) => s.ntpServers },
}

export const wasRead = (s: Snapshot, area: ReadArea): boolean => READ_AREAS[area].read(s) !== undefined

/** Partitions on the HSM: hsm show's count, else the partition list, else hsm show's own list. */
export function partitionsCreated(s: Snapshot): number | undefined {
  return s.hsm?.partitionsCreated ?? s.partitions?.length ?? s.hsm?.partitions.length
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''))

/** A policy value that means "on", in any of the forms the eras print. */
export const isOn = (value: string): boolean => /^(on|1|true|yes|allowed|enabled)$/i.test(value.trim())
