/**
 * The appliance overview: everything read back from the appliance (hsm show, network, ntls, partitions,
 * clients, time) and, for each procedure of the HID bring-up, whether it is done, not done, or changed since
 * Rackside did it. Used by the overview panel (through the session's runner) and by `rackside status --json`.
 */
import type { ApplianceOverview } from '../../shared/api'
import {
  clientList,
  hsmShow,
  hsmShowPolicies,
  networkShow,
  ntlsShow,
  ntpListServers,
  partitionList,
  statusDate,
  statusZone,
  type AnyCommand,
} from '../../shared/lunash/commands'
import type { HsmPolicies, HsmShow } from '../../shared/lunash/parse/hsm'
import type { NetworkShow } from '../../shared/lunash/parse/network'
import type { NtlsShow } from '../../shared/lunash/parse/ntls'
import type { PartitionRow } from '../../shared/lunash/parse/partition'
import type { StatusDate } from '../../shared/lunash/parse/status'
import type { RunResult } from '../runner/runner'

/** A step Rackside completed (read back and proven), with the fields it set. */
export interface DoneRecord {
  commandId: string
  fields: Record<string, unknown>
  at: string
}

export type Mark = ApplianceOverview['procedures'][number]['mark']

/** Runs one read command in the session (typed visibly) and returns its result. */
export type ReadRunner = (spec: AnyCommand, fields: Record<string, unknown>) => Promise<RunResult>

export interface Snapshot {
  hsm?: HsmShow
  policies?: HsmPolicies
  network?: NetworkShow
  ntls?: NtlsShow
  partitions?: PartitionRow[]
  clients?: string[]
  time?: { date?: StatusDate; zone?: string }
  ntpServers?: string[]
}

const READS: { area: string; spec: AnyCommand; key: keyof Snapshot | 'date' | 'zone' }[] = [
  { area: 'hsm', spec: hsmShow, key: 'hsm' },
  { area: 'hsm policies', spec: hsmShowPolicies, key: 'policies' },
  { area: 'network', spec: networkShow, key: 'network' },
  { area: 'ntls', spec: ntlsShow, key: 'ntls' },
  { area: 'partitions', spec: partitionList, key: 'partitions' },
  { area: 'clients', spec: clientList, key: 'clients' },
  { area: 'time', spec: statusDate, key: 'date' },
  { area: 'time', spec: statusZone, key: 'zone' },
  { area: 'ntp', spec: ntpListServers, key: 'ntpServers' },
]

export async function readSnapshot(
  run: ReadRunner,
): Promise<{ snapshot: Snapshot; problems: { area: string; reason: string }[] }> {
  const snapshot: Snapshot = {}
  const problems: { area: string; reason: string }[] = []
  for (const read of READS) {
    const result = await run(read.spec, {})
    if (result.status !== 'done') {
      problems.push({ area: read.area, reason: `${read.spec.text({})}: ${result.reason}` })
      // A lost console cannot answer the rest.
      if (/connection was lost|console is closed/i.test(result.reason)) break
      continue
    }
    const facts = result.facts as never
    if (read.key === 'date') snapshot.time = { ...snapshot.time, date: facts }
    else if (read.key === 'zone') snapshot.time = { ...snapshot.time, zone: (facts as { zone: string }).zone }
    else if (read.key === 'ntpServers') snapshot.ntpServers = (facts as { servers: string[] }).servers
    else (snapshot as Record<string, unknown>)[read.key] = facts
  }
  return { snapshot, problems }
}

interface Procedure {
  id: string
  title: string
  /** Commands whose done record this procedure checks. */
  commands: string[]
  /** With a record: does the appliance still hold what was set? */
  holds?(s: Snapshot, f: Record<string, unknown>): boolean | undefined
  /** Without a record: does the appliance look configured? */
  looksDone(s: Snapshot): boolean | undefined
  evidence(s: Snapshot): string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''))

export const PROCEDURES: Procedure[] = [
  {
    id: 'first-login',
    title: 'First login (admin password changed)',
    commands: ['login.first-password-change'],
    looksDone: (s) => (s.hsm ? true : undefined),
    evidence: () => 'the lunash prompt answers, so the factory password was changed',
  },
  {
    id: 'time',
    title: 'Date, time and time zone',
    commands: ['sysconf.timezone.set', 'sysconf.time'],
    holds: (s, f) =>
      f.zone === undefined ? true : s.time?.zone === undefined ? undefined : s.time.zone === f.zone,
    looksDone: (s) => (s.time?.zone === undefined ? undefined : s.time.zone !== 'UTC'),
    evidence: (s) => `status zone: ${s.time?.zone ?? '?'}; status date: ${s.time?.date?.text ?? '?'}`,
  },
  {
    id: 'hostname',
    title: 'Hostname and domain',
    commands: ['network.hostname', 'network.domain'],
    holds: (s, f) =>
      f.hostname !== undefined ? s.network?.hostname === f.hostname : s.network?.domain === f.domain,
    looksDone: (s) =>
      s.network ? Boolean(s.network.hostname && s.network.hostname !== 'local_host') : undefined,
    evidence: (s) => `hostname ${s.network?.hostname ?? '(none)'}, domain ${s.network?.domain ?? '(none)'}`,
  },
  {
    id: 'dns',
    title: 'DNS name server',
    commands: ['network.dns.add-nameserver'],
    holds: (s, f) => s.network?.nameservers.includes(str(f.address)),
    looksDone: (s) => (s.network ? s.network.nameservers.length > 0 : undefined),
    evidence: (s) => `name servers: ${s.network?.nameservers.join(', ') || 'none'}`,
  },
  {
    id: 'interface',
    title: 'Network interface (static address)',
    commands: ['network.interface'],
    holds: (s, f) => {
      const d = s.network?.interfaces.find((i) => i.device === f.device)
      return d ? d.address === f.ip && d.netmask === f.netmask : undefined
    },
    looksDone: (s) => (s.network ? s.network.interfaces.some((i) => Boolean(i.address)) : undefined),
    evidence: (s) =>
      (s.network?.interfaces ?? [])
        .filter((i) => i.address)
        .map((i) => `${i.device} ${i.address}/${i.netmask ?? '?'}`)
        .join(', ') || 'no address',
  },
  {
    id: 'ntp',
    title: 'NTP servers',
    commands: ['sysconf.ntp.addserver'],
    holds: (s, f) => s.ntpServers?.includes(str(f.server)),
    looksDone: (s) => (s.ntpServers ? s.ntpServers.length > 0 : undefined),
    evidence: (s) => `NTP servers: ${s.ntpServers?.join(', ') || 'none'}`,
  },
  {
    id: 'ntls-cert',
    title: 'NTLS server certificate regenerated',
    commands: ['sysconf.regencert'],
    holds: () => true,
    looksDone: () => false,
    evidence: () =>
      'only a regenCert run from Rackside is known (the appliance does not say when the certificate was made)',
  },
  {
    id: 'ntls-bind',
    title: 'NTLS bound to a network device',
    commands: ['ntls.bind'],
    holds: (s, f) => (s.ntls ? s.ntls.device === f.device : undefined),
    looksDone: (s) => (s.ntls ? Boolean(s.ntls.device) : undefined),
    evidence: (s) => `ntls show: bound to ${s.ntls?.device ?? '?'}`,
  },
  {
    id: 'hsm-init',
    title: 'HSM initialised',
    commands: ['hsm.init'],
    holds: (s, f) => (s.hsm ? s.hsm.label === f.label && !s.hsm.zeroized : undefined),
    looksDone: (s) => (s.hsm ? Boolean(s.hsm.label) && !s.hsm.zeroized : undefined),
    evidence: (s) =>
      s.hsm ? `label ${s.hsm.label ?? '(none)'}, serial ${s.hsm.serial}, firmware ${s.hsm.firmware}` : '?',
  },
  {
    id: 'hsm-policies',
    title: 'HSM policies (16 for HA)',
    commands: ['hsm.changePolicy'],
    holds: (s, f) => {
      const row = s.policies?.policies.find((p) => p.code === Number(f.code))
      if (!row) return undefined
      const on = /^(on|1|true|yes|allowed)$/i.test(row.value)
      return row.value === String(f.value) || (Number(f.value) === 1) === on
    },
    looksDone: () => false,
    evidence: (s) =>
      (s.policies?.policies ?? [])
        .filter((p) => p.code === 16)
        .map((p) => `${p.description}: ${p.value}`)
        .join('; ') || 'policy table not read',
  },
  {
    id: 'partitions',
    title: 'Partitions created',
    commands: ['partition.create'],
    holds: (s, f) => s.partitions?.some((p) => p.name === f.partition),
    looksDone: (s) => (s.partitions ? s.partitions.length > 0 : undefined),
    evidence: (s) => `partitions: ${s.partitions?.map((p) => p.name).join(', ') || 'none'}`,
  },
  {
    id: 'clients',
    title: 'Clients registered',
    commands: ['client.register'],
    holds: (s, f) => s.clients?.includes(str(f.client)),
    looksDone: (s) => (s.clients ? s.clients.length > 0 : undefined),
    evidence: (s) => `clients: ${s.clients?.join(', ') || 'none'}`,
  },
  {
    id: 'firmware',
    title: 'Firmware update',
    commands: ['hsm.update.firmware'],
    holds: (s, f) => (s.hsm ? s.hsm.firmware === f.expectedFirmware : undefined),
    looksDone: () => false,
    evidence: (s) => `firmware ${s.hsm?.firmware ?? '?'}`,
  },
]

/** Marks each procedure from the snapshot and what Rackside did: done, not done, or changed since done. */
export function markProcedures(snapshot: Snapshot, records: DoneRecord[]): ApplianceOverview['procedures'] {
  return PROCEDURES.map((p) => {
    const mine = records.filter((r) => p.commands.includes(r.commandId))
    const evidence = p.evidence(snapshot)
    if (mine.length > 0 && p.holds) {
      const results = mine.map((r) => p.holds?.(snapshot, r.fields))
      if (results.some((r) => r === undefined))
        return { id: p.id, title: p.title, mark: 'unknown' as Mark, evidence }
      const allHold = results.every(Boolean)
      return {
        id: p.id,
        title: p.title,
        mark: (allHold ? 'done' : 'changed') as Mark,
        evidence: allHold
          ? `${evidence} (done by Rackside ${mine.at(-1)?.at ?? ''})`
          : `${evidence} — differs from what Rackside set`,
      }
    }
    const looks = p.looksDone(snapshot)
    return {
      id: p.id,
      title: p.title,
      mark: (looks === undefined ? 'unknown' : looks ? 'done' : 'not-done') as Mark,
      evidence,
    }
  })
}

export async function readOverview(run: ReadRunner, records: DoneRecord[]): Promise<ApplianceOverview> {
  const { snapshot, problems } = await readSnapshot(run)
  return {
    readAt: new Date().toISOString(),
    hsm: snapshot.hsm ?? null,
    network: snapshot.network ?? null,
    ntls: snapshot.ntls ?? null,
    partitions: snapshot.partitions ?? null,
    clients: snapshot.clients ?? null,
    time: snapshot.time ?? null,
    problems,
    procedures: markProcedures(snapshot, records),
  }
}
