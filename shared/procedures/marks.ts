/**
 * The Overview's marks: each procedure's done-checks judged from what was read back and what Rackside did.
 * Pure: the host reads the snapshot through the runner and hands it here.
 */
import type { ApplianceOverview } from '../api'
import { licenceWarnings } from '../lunash/licences'
import { DONE_CHECKS } from './index'
import { partitionsCreated, wasRead } from './snapshot'
import type { DoneRecord, Snapshot } from './types'

export type Mark = ApplianceOverview['procedures'][number]['mark']

/** A read that did not complete, by area, with the reason. */
export type Problem = { area: string; reason: string }

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
  return DONE_CHECKS.map((p) => {
    const base = { id: p.id, title: p.title }
    const failed = problems.find((x) => (p.reads as string[]).includes(x.area))
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

/** What the operator should know before the next step: a partition licence missing or used up. */
export function overviewWarnings(s: Snapshot): string[] {
  return s.licences ? licenceWarnings(s.licences, partitionsCreated(s)) : []
}
