import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { BenchEntry } from './console'

/** Replaces the entries of the same name in bench-results.json and keeps the others. */
export function mergeResults(file: string, entries: BenchEntry[]): void {
  let existing: BenchEntry[] = []
  if (existsSync(file)) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
      if (Array.isArray(parsed)) existing = parsed as BenchEntry[]
    } catch {
      // an unreadable file is replaced
    }
  }
  const names = new Set(entries.map((e) => e.name))
  writeFileSync(
    file,
    `${JSON.stringify([...existing.filter((e) => !names.has(e.name)), ...entries], null, 2)}\n`,
  )
}
