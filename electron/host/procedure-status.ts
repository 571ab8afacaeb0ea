/**
 * The appliance overview: everything read back from the appliance (hsm show, network, ntls, partitions,
 * clients, time) and, for each procedure of the HID bring-up, whether it is done, not done, or changed since
 * Rackside did it. Used by the overview panel (through the session's runner) and by `rackside status --json`.
 */
import type { ApplianceOverview } from '../../shared/api'
import {
  clientList,
  clientShow,
  hsmDisplayLicenses,
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
import { eraOfVersion } from '../../shared/lunash/commands/era'
import type { ClientShow } from '../../shared/lunash/parse/client'
import { licenceWarnings, partitionLicence } from '../../shared/lunash/licences'
import type { HsmLicenses, HsmPolicies, HsmShow } from '../../shared/lunash/parse/hsm'
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
  /** The name in the lunash prompt (`[name] lunash:>`), as the reads saw it. */
  promptName?: string
  hsm?: HsmShow
  licences?: HsmLicenses
  policies?: HsmPolicies
  network?: NetworkShow
  ntls?: NtlsShow
  partitions?: PartitionRow[]
  clients?: string[]
  /** `client show` of each registered client, by name. */
  clientDetails?: Record<string, ClientShow>
  time?: { date?: StatusDate; zone?: string }
  ntpServers?: string[]
}

const READS: { area: string; spec: AnyCommand; key: keyof Snapshot | 'date' | 'zone' }[] = [
  { area: 'hsm', spec: hsmShow, key: 'hsm' },
  { area: 'licences', spec: hsmDisplayLicenses, key: 'licences' },
  { area: 'hsm policies', spec: hsmShowPolicies, key: 'policies' },
  { area: 'network', spec: networkShow, key: 'network' },
  { area: 'ntls', spec: ntlsShow, key: 'ntls' },
  { area: 'partitions', spec: partitionList, key: 'partitions' },
  { area: 'clients', spec: clientList, key: 'clients' },
  { area: 'time', spec: statusDate, key: 'date' },
  { area: 'time', spec: statusZone, key: 'zone' },
  { area: 'ntp', spec: ntpListServers, key: 'ntpServers' },
]

/** At most this many clients are read one by one with `client show`; the rest are listed by name only. */
const CLIENT_SHOW_LIMIT = 64
const LOST = /connection was lost|console is closed|connection closed/i

export type Problem = { area: string; reason: string }

export async function readSnapshot(run: ReadRunner): Promise<{ snapshot: Snapshot; problems: Problem[] }> {
  const snapshot: Snapshot = {}
  const problems: Problem[] = []
  for (const read of READS) {
    const result = await run(read.spec, {})
    if (result.promptHost !== undefined) snapshot.promptName = result.promptHost
    if (result.status !== 'done') {
      problems.push({ area: read.area, reason: `${read.spec.text({})}: ${result.reason}` })
      // A lost console cannot answer the rest.
      if (LOST.test(result.reason)) return { snapshot, problems }
      continue
    }
    const facts = result.facts as never
    if (read.key === 'date') snapshot.time = { ...snapshot.time, date: facts }
    else if (read.key === 'zone') snapshot.time = { ...snapshot.time, zone: (facts as { zone: string }).zone }
    else if (read.key === 'ntpServers') snapshot.ntpServers = (facts as { servers: string[] }).servers
    else (snapshot as Record<string, unknown>)[read.key] = facts
  }
  for (const name of (snapshot.clients ?? []).slice(0, CLIENT_SHOW_LIMIT)) {
    const result = await run(clientShow, { client: name })
    if (result.status !== 'done') {
      problems.push({ area: 'clients', reason: `client show -client ${name}: ${result.reason}` })
      if (LOST.test(result.reason)) break
      continue
    }
    snapshot.clientDetails = { ...snapshot.clientDetails, [name]: result.facts as ClientShow }
  }
  return { snapshot, problems }
}

interface Procedure {
  id: string
  title: string
  /** The reads (areas of READS) its mark rests on: if one did not complete, the mark is unknown, with why. */
  reads: string[]
  /** Commands whose done record this procedure checks. */
  commands: string[]
  /** With a record: does the appliance still hold what was set? */
  holds?(s: Snapshot, f: Record<string, unknown>): boolean | undefined
  /** Without a record: does the appliance look configured? A string: it cannot say, and why. */
  looksDone(s: Snapshot): boolean | string
  evidence(s: Snapshot): string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''))
const isOn = (value: string): boolean => /^(on|1|true|yes|allowed|enabled)$/i.test(value.trim())

export const PROCEDURES: Procedure[] = [
  {
    id: 'first-login',
    title: 'First login (admin password changed)',
    reads: ['hsm'],
    commands: ['login.first-password-change'],
    looksDone: () => true,
    evidence: () => 'the lunash prompt answers, so the factory password was changed',
  },
  {
    id: 'time',
    title: 'Date, time and time zone',
    reads: ['time'],
    commands: ['sysconf.timezone.set', 'sysconf.time'],
    holds: (s, f) =>
      f.zone === undefined ? true : s.time?.zone === undefined ? undefined : s.time.zone === f.zone,
    looksDone: (s) => (s.time?.zone === undefined ? 'status zone named no zone' : s.time.zone !== 'UTC'),
    evidence: (s) => `status zone: ${s.time?.zone ?? '?'}; status date: ${s.time?.date?.text ?? '?'}`,
  },
  {
    id: 'hostname',
    title: 'Hostname and domain',
    reads: ['network'],
    commands: ['network.hostname', 'network.domain'],
    holds: (s, f) =>
      f.hostname !== undefined ? s.network?.hostname === f.hostname : s.network?.domain === f.domain,
    looksDone: (s) => Boolean(s.network?.hostname && !/^local_?host$/i.test(s.network.hostname)),
    evidence: (s) => `hostname ${s.network?.hostname ?? '(none)'}, domain ${s.network?.domain ?? '(none)'}`,
  },
  {
    id: 'dns',
    title: 'DNS name server',
    reads: ['network'],
    commands: ['network.dns.add-nameserver'],
    holds: (s, f) => s.network?.nameservers.includes(str(f.address)),
    looksDone: (s) => (s.network?.nameservers.length ?? 0) > 0,
    evidence: (s) => `name servers: ${s.network?.nameservers.join(', ') || 'none'}`,
  },
  {
    id: 'interface',
    title: 'Network interface (static address)',
    reads: ['network'],
    commands: ['network.interface'],
    holds: (s, f) => {
      const d = s.network?.interfaces.find((i) => i.device === f.device)
      return d ? d.address === f.ip && d.netmask === f.netmask : undefined
    },
    looksDone: (s) => (s.network?.interfaces ?? []).some((i) => Boolean(i.address)),
    evidence: (s) =>
      (s.network?.interfaces ?? [])
        .filter((i) => i.address)
        .map((i) => `${i.device} ${i.address}/${i.netmask ?? '?'}`)
        .join(', ') || 'no address',
  },
  {
    id: 'ntp',
    title: 'NTP servers',
    reads: ['ntp'],
    commands: ['sysconf.ntp.addserver'],
    holds: (s, f) => s.ntpServers?.includes(str(f.server)),
    looksDone: (s) => (s.ntpServers?.length ?? 0) > 0,
    evidence: (s) => `NTP servers: ${s.ntpServers?.join(', ') || 'none'}`,
  },
  {
    id: 'ntls-cert',
    title: 'NTLS server certificate regenerated',
    reads: [],
    commands: ['sysconf.regencert'],
    holds: () => true,
    looksDone: () =>
      'the appliance does not say when its certificate was made; only a regenCert run from Rackside shows here',
    evidence: () =>
      'only a regenCert run from Rackside is known (the appliance does not say when the certificate was made)',
  },
  {
    id: 'ntls-bind',
    title: 'NTLS bound to a network device',
    reads: ['ntls'],
    commands: ['ntls.bind'],
    holds: (s, f) => (s.ntls ? s.ntls.device === f.device : undefined),
    looksDone: (s) => Boolean(s.ntls?.device),
    evidence: (s) => `ntls show: bound to ${s.ntls?.device ?? '?'}`,
  },
  {
    id: 'licences',
    title: 'Partition licence',
    reads: ['licences'],
    commands: [],
    looksDone: (s) => {
      const licence = partitionLicence(s.licences ?? { verified: false, licenses: [] })
      if (licence.count !== undefined) return true
      if (licence.rows.length > 0) return 'the partition licence names no count Rackside can read'
      // Partitions exist without a licence row Rackside knows: the table is in a form it does not read.
      const created = partitionsCreated(s)
      if (created !== undefined && created > 0)
        return 'hsm displayLicenses names no partition licence Rackside reads, yet partitions exist'
      return false
    },
    evidence: (s) => {
      const licence = partitionLicence(s.licences ?? { verified: false, licenses: [] })
      const created = partitionsCreated(s)
      const rows = licence.rows.map((r) => `${r.id} ${r.description}`).join(', ')
      return `${rows ? `hsm displayLicenses: ${rows}` : 'hsm displayLicenses lists no partition licence'}${
        created === undefined ? '' : `; ${created} created`
      }`
    },
  },
  {
    id: 'hsm-init',
    title: 'HSM initialised',
    reads: ['hsm'],
    commands: ['hsm.init'],
    holds: (s, f) => (s.hsm ? s.hsm.label === f.label && !s.hsm.zeroized : undefined),
    looksDone: (s) => Boolean(s.hsm?.label) && !s.hsm?.zeroized,
    evidence: (s) =>
      s.hsm ? `label ${s.hsm.label ?? '(none)'}, serial ${s.hsm.serial}, firmware ${s.hsm.firmware}` : '?',
  },
  {
    id: 'hsm-policies',
    title: 'HSM policies (16 for HA)',
    reads: ['hsm policies'],
    commands: ['hsm.changePolicy'],
    holds: (s, f) => {
      const row = s.policies?.policies.find((p) => p.code === Number(f.code))
      if (!row) return undefined
      const on = isOn(row.value)
      return row.value === String(f.value) || (Number(f.value) === 1) === on
    },
    looksDone: (s) => {
      const replication = s.policies?.policies.find((p) => p.code === 16)
      return replication ? isOn(replication.value) : 'policy 16 is not in the policy table'
    },
    evidence: (s) =>
      (s.policies?.policies ?? [])
        .filter((p) => p.code === 16)
        .map((p) => `${p.description}: ${p.value}`)
        .join('; ') || 'policy table not read',
  },
  {
    id: 'partitions',
    title: 'Partitions created',
    reads: ['partitions'],
    commands: ['partition.create'],
    holds: (s, f) => s.partitions?.some((p) => p.name === f.partition),
    looksDone: (s) => (s.partitions?.length ?? 0) > 0,
    evidence: (s) => `partitions: ${s.partitions?.map((p) => p.name).join(', ') || 'none'}`,
  },
  {
    id: 'clients',
    title: 'Clients registered',
    reads: ['clients'],
    commands: ['client.register'],
    holds: (s, f) => s.clients?.includes(str(f.client)),
    looksDone: (s) => (s.clients?.length ?? 0) > 0,
    evidence: (s) => `clients: ${s.clients?.join(', ') || 'none'}`,
  },
  {
    id: 'firmware',
    title: 'Firmware update',
    reads: ['hsm'],
    commands: ['hsm.update.firmware'],
    holds: (s, f) => (s.hsm ? s.hsm.firmware === f.expectedFirmware : undefined),
    looksDone: (s) =>
      `the HSM runs firmware ${s.hsm?.firmware ?? '?'}; whether that is the version you need is yours to judge (no update was run from Rackside)`,
    evidence: (s) => `firmware ${s.hsm?.firmware ?? '?'}`,
  },
]

/**
 * Marks each procedure from the snapshot and what Rackside did: done, not done, or changed since done; unknown
 * (always with its reason) when a read it rests on did not complete or the appliance cannot say. A failed read is
 * never "not done": that would be a claim about the appliance.
 */
export function markProcedures(
  snapshot: Snapshot,
  records: DoneRecord[],
  problems: Problem[] = [],
): ApplianceOverview['procedures'] {
  return PROCEDURES.map((p) => {
    const base = { id: p.id, title: p.title }
    const failed = problems.find((x) => p.reads.includes(x.area))
    const unread = p.reads.find((area) => !wasRead(snapshot, area))
    if (failed || unread !== undefined)
      return {
        ...base,
        mark: 'unknown' as Mark,
        evidence: failed ? `not read: ${failed.reason}` : `not read: ${unread ?? ''}`,
        reason: failed
          ? `${failed.area} could not be read: ${failed.reason}`
          : `${unread ?? ''} was not read`,
      }
    const mine = records.filter((r) => p.commands.includes(r.commandId))
    const evidence = p.evidence(snapshot)
    if (mine.length > 0 && p.holds) {
      const results = mine.map((r) => p.holds?.(snapshot, r.fields))
      if (results.some((r) => r === undefined))
        return {
          ...base,
          mark: 'unknown' as Mark,
          evidence,
          reason: 'what Rackside set cannot be compared with what the appliance shows',
        }
      const allHold = results.every(Boolean)
      return {
        ...base,
        mark: (allHold ? 'done' : 'changed') as Mark,
        evidence: allHold
          ? `${evidence} (done by Rackside ${mine.at(-1)?.at ?? ''})`
          : `${evidence} — differs from what Rackside set`,
      }
    }
    const looks = p.looksDone(snapshot)
    if (typeof looks === 'string') return { ...base, mark: 'unknown' as Mark, evidence, reason: looks }
    return { ...base, mark: (looks ? 'done' : 'not-done') as Mark, evidence }
  })
}

const READ_KEY: Record<string, (s: Snapshot) => unknown> = {
  hsm: (s) => s.hsm,
  licences: (s) => s.licences,
  'hsm policies': (s) => s.policies,
  network: (s) => s.network,
  ntls: (s) => s.ntls,
  partitions: (s) => s.partitions,
  clients: (s) => s.clients,
  time: (s) => s.time?.zone,
  ntp: (s) => s.ntpServers,
}
const wasRead = (s: Snapshot, area: string): boolean => READ_KEY[area]?.(s) !== undefined

/** The appliance's own name: its prompt says it even when `network show` is not understood. */
function applianceOf(s: Snapshot): ApplianceOverview['appliance'] {
  const fromPrompt = s.promptName && !/^local_?host$/i.test(s.promptName) ? s.promptName : undefined
  const fromNetwork = s.network?.hostname
  const softwareVersion = s.hsm?.softwareVersion ?? null
  return {
    name: fromPrompt ?? fromNetwork ?? s.promptName ?? null,
    nameFrom: fromPrompt ? 'prompt' : fromNetwork ? 'network show' : s.promptName ? 'prompt' : null,
    softwareVersion,
    era: softwareVersion === null ? null : (eraOfVersion(softwareVersion) ?? null),
  }
}

function clientsOf(s: Snapshot): ApplianceOverview['clients'] {
  if (!s.clients) return null
  return s.clients.map((name) => {
    const d = s.clientDetails?.[name]
    if (!d) return { name, partitions: null }
    return {
      name,
      ...(d.hostname ? { hostname: d.hostname } : {}),
      ...(d.ipAddress ? { ipAddress: d.ipAddress } : {}),
      partitions: d.partitions,
    }
  })
}

/** Partitions on the HSM: hsm show's count, else the partition list, else hsm show's own list. */
function partitionsCreated(s: Snapshot): number | undefined {
  return s.hsm?.partitionsCreated ?? s.partitions?.length ?? s.hsm?.partitions.length
}

/** What the operator should know before the next step: a partition licence missing or used up. */
export function overviewWarnings(s: Snapshot): string[] {
  return s.licences ? licenceWarnings(s.licences, partitionsCreated(s)) : []
}

/**
 * After `hsm displayLicenses` in the Licences panel: reads `hsm show` (typed in the console like any read) for the
 * partitions created, and says what stands in the way of the next partition create.
 */
export async function licenceWarningsAfterRead(run: ReadRunner, licences: HsmLicenses): Promise<string[]> {
  const show = await run(hsmShow, {})
  if (show.status !== 'done')
    return [
      ...licenceWarnings(licences, undefined),
      `The partitions created could not be counted (${show.command}: ${show.reason}), so the licence was not checked against them.`,
    ]
  const hsm = show.facts as HsmShow
  return licenceWarnings(licences, hsm.partitionsCreated ?? hsm.partitions.length)
}

export async function readOverview(run: ReadRunner, records: DoneRecord[]): Promise<ApplianceOverview> {
  const { snapshot, problems } = await readSnapshot(run)
  return {
    readAt: new Date().toISOString(),
    appliance: applianceOf(snapshot),
    hsm: snapshot.hsm ?? null,
    policies: snapshot.policies?.policies ?? null,
    network: snapshot.network ?? null,
    ntls: snapshot.ntls ?? null,
    partitions: snapshot.partitions ?? null,
    clients: clientsOf(snapshot),
    time: snapshot.time ?? null,
    problems,
    warnings: overviewWarnings(snapshot),
    procedures: markProcedures(snapshot, records, problems),
  }
}
