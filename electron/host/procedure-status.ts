/**
 * The appliance overview as the host composes it: it reads the appliance through the session's runner (each read
 * typed visibly) into a snapshot, and marks each procedure with the done-checks of the shared catalog
 * (shared/procedures). Used by the overview panel and by `rackside status --json`.
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
import { licenceWarnings } from '../../shared/lunash/licences'
import type { ClientShow } from '../../shared/lunash/parse/client'
import type { HsmLicenses, HsmShow } from '../../shared/lunash/parse/hsm'
import type { DoneRecord, ReadArea, Snapshot } from '../../shared/procedures'
import { markProcedures, overviewWarnings, type Problem } from '../../shared/procedures/marks'
import type { RunResult } from '../runner/runner'

export type { DoneRecord } from '../../shared/procedures'

/** Runs one read command in the session (typed visibly) and returns its result. */
export type ReadRunner = (spec: AnyCommand, fields: Record<string, unknown>) => Promise<RunResult>

/** What the Overview reads, in order; each read's facts land in the snapshot under `key`. */
export const READS: { area: ReadArea; spec: AnyCommand; key: keyof Snapshot | 'date' | 'zone' }[] = [
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
