/**
 * The procedures Rackside completed, per profile (procedures-done.json: command ids and their fields, never a
 * secret), so the overview can say "changed since done" after a restart. Without a data folder: memory only.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DoneRecord } from '../../host/procedure-status'

export class DoneRecords {
  private readonly done = new Map<string, DoneRecord[]>()
  private readonly file: string | undefined

  constructor(private readonly dataDir: string | undefined) {
    this.file = dataDir === undefined ? undefined : join(dataDir, 'procedures-done.json')
    if (!this.file) return
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, DoneRecord[]>
      for (const [profileId, records] of Object.entries(saved))
        if (Array.isArray(records)) this.done.set(profileId, records)
    } catch {
      // none yet, or unreadable: start empty (the appliance's own state still marks what looks done)
    }
  }

  /** What was done on this profile's appliance. */
  of(profileId: string): DoneRecord[] {
    return this.done.get(profileId) ?? []
  }

  /** A step was done with these fields: it replaces the same step done with the same fields before. */
  record(profileId: string, commandId: string, fields: Record<string, unknown>): void {
    this.done.set(profileId, [
      ...this.of(profileId).filter((r) => !(r.commandId === commandId && sameFields(r.fields, fields))),
      { commandId, fields, at: new Date().toISOString() },
    ])
    if (this.persistent(profileId)) this.save()
  }

  // The demo appliance starts fresh with every host: what was done to an earlier one is not remembered.
  private persistent(profileId: string): boolean {
    return this.dataDir !== undefined && !profileId.startsWith('demo')
  }

  private save(): void {
    if (!this.file || !this.dataDir) return
    const out: Record<string, DoneRecord[]> = {}
    for (const [profileId, records] of this.done) if (this.persistent(profileId)) out[profileId] = records
    try {
      mkdirSync(this.dataDir, { recursive: true })
      writeFileSync(`${this.file}.tmp`, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 })
      renameSync(`${this.file}.tmp`, this.file)
    } catch {
      // the overview then falls back to what the appliance shows
    }
  }
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
