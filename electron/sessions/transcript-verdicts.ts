/**
 * Verdicts on transcript files, for the CLI (`rackside transcript verify`) and the app's transcripts list:
 *   sealed    every line is under a seal that holds; the last seal's digest can be compared with a kept copy
 *   unsealed  the seals hold, but lines after the last one are not vouched for (a session still open, a crash,
 *             or a transcript from before seals)
 *   altered   a seal does not match the text above it: the lines it names were changed after they were sealed
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { verifySeals, type SealCheck } from './transcript-seal'

export interface TranscriptVerdict extends SealCheck {
  file: string
  verdict: 'sealed' | 'unsealed' | 'altered'
}

const verdictOf = (check: SealCheck): TranscriptVerdict['verdict'] =>
  check.broken ? 'altered' : check.unsealedLines > 0 || check.seals === 0 ? 'unsealed' : 'sealed'

/** One line for a person: the verdict, the file's name and what the seals say. */
export function describeVerdict(v: TranscriptVerdict): string {
  const name = basename(v.file)
  const last = v.lastSeal
    ? `last seal line ${v.lastSeal.line} at ${v.lastSeal.at}, sha256:${v.lastSeal.digest}`
    : 'no seal'
  if (v.broken)
    return `ALTERED   ${name}: lines ${v.broken.from}–${v.broken.line}: ${v.broken.reason} (the seal at line ${v.broken.line}); nothing after line ${v.lastSeal?.line ?? 0} is vouched for`
  if (v.verdict === 'unsealed')
    return v.seals === 0
      ? `unsealed  ${name}: no seal at all (a transcript from before seals, or one whose session never ended cleanly)`
      : `unsealed  ${name}: ${v.seals} seals hold; the last ${v.unsealedLines} lines come after the last seal (a session still open, or one that ended in a crash); ${last}`
  return `sealed    ${name}: ${v.seals} seals hold; ${last}`
}

/** The transcripts a path names: the file itself, or every `.log` in a folder, oldest name first. */
function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => join(path, name))
}

/** Checks every transcript the paths name; what cannot be read is listed with the reason. */
export function verifyTranscripts(paths: string[]): { verdicts: TranscriptVerdict[]; unreadable: string[] } {
  const verdicts: TranscriptVerdict[] = []
  const unreadable: string[] = []
  const reason = (error: unknown) =>
    (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'no such file or folder'
      : error instanceof Error
        ? error.message
        : String(error)
  for (const path of paths) {
    let files: string[]
    try {
      files = filesOf(path)
    } catch (error) {
      unreadable.push(`${path}: ${reason(error)}`)
      continue
    }
    for (const file of files) {
      try {
        const check = verifySeals(readFileSync(file))
        verdicts.push({ file, verdict: verdictOf(check), ...check })
      } catch (error) {
        unreadable.push(`${file}: ${reason(error)}`)
      }
    }
  }
  return { verdicts, unreadable }
}
