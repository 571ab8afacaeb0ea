/**
 * `rackside transcript verify [--json] [FILE|FOLDER…]`: checks the seals of transcripts (transcript-seal.ts), for
 * an auditor or a script. With no path, the app's transcripts folder. One line a file:
 *   sealed    every line is under a seal that holds; the last seal's digest is printed, to compare with a copy
 *   unsealed  the seals hold, but lines after the last one are not vouched for (a session still open, a crash,
 *             or a transcript from before seals)
 *   ALTERED   a seal does not match the text above it: the lines it names were changed after they were sealed
 * Exit codes: 4 some altered; else 1 a file could not be read (or none found); 2 usage; 3 some unsealed; 0 all sealed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { verifySeals, type SealCheck } from './sessions/transcript-seal'

export const transcriptUsage = 'Usage: rackside transcript verify [--json] [FILE|FOLDER…]'

export interface TranscriptVerdict extends SealCheck {
  file: string
  verdict: 'sealed' | 'unsealed' | 'altered'
}

export interface CliOutcome {
  stdout: string
  stderr: string
  exitCode: number
}

const verdictOf = (check: SealCheck): TranscriptVerdict['verdict'] =>
  check.broken ? 'altered' : check.unsealedLines > 0 || check.seals === 0 ? 'unsealed' : 'sealed'

function describe(v: TranscriptVerdict): string {
  const name = basename(v.file)
  const last = v.lastSeal
    ? `last seal line ${v.lastSeal.line} at ${v.lastSeal.at}, sha256:${v.lastSeal.digest}`
    : 'no seal'
  if (v.verdict === 'altered')
    return `ALTERED   ${name}: lines ${v.broken!.from}–${v.broken!.line}: ${v.broken!.reason} (the seal at line ${v.broken!.line}); nothing after line ${v.lastSeal?.line ?? 0} is vouched for`
  if (v.verdict === 'unsealed')
    return v.seals === 0
      ? `unsealed  ${name}: no seal at all (a transcript from before seals, or one whose session never ended cleanly)`
      : `unsealed  ${name}: ${v.seals} seals hold; the last ${v.unsealedLines} lines come after the last seal (a session still open, or one that ended in a crash); ${last}`
  return `sealed    ${name}: ${v.seals} seals hold; ${last}`
}

/** The .log files a path names: the file itself, or every transcript in a folder. */
function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => join(path, name))
}

export async function transcriptCommand(argv: string[]): Promise<CliOutcome> {
  const [verb, ...rest] = argv
  if (verb !== 'verify') return { stdout: '', stderr: `${transcriptUsage}\n`, exitCode: 2 }
  const json = rest.includes('--json')
  const unknown = rest.find((a) => a.startsWith('-') && a !== '--json')
  if (unknown) return { stdout: '', stderr: `Unknown option ${unknown}.\n${transcriptUsage}\n`, exitCode: 2 }
  let paths = rest.filter((a) => !a.startsWith('-'))
  if (paths.length === 0) {
    const { defaultDataDir } = await import('./host/consoles')
    paths = [join(defaultDataDir(), 'transcripts')]
  }
  const verdicts: TranscriptVerdict[] = []
  const unreadable: string[] = []
  for (const path of paths) {
    let files: string[]
    try {
      files = filesOf(path)
    } catch (error) {
      unreadable.push(
        `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String(error)}`,
      )
      continue
    }
    for (const file of files) {
      try {
        const check = verifySeals(readFileSync(file))
        verdicts.push({ file, verdict: verdictOf(check), ...check })
      } catch (error) {
        unreadable.push(`${file}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  const stdout = json
    ? `${JSON.stringify(verdicts, null, 2)}\n`
    : verdicts.map((v) => `${describe(v)}\n`).join('')
  const stderr = [
    ...unreadable.map((u) => `rackside: cannot read ${u}\n`),
    ...(verdicts.length === 0 && unreadable.length === 0
      ? [`rackside: no transcripts in ${paths.join(', ')}\n`]
      : []),
  ].join('')
  const exitCode = verdicts.some((v) => v.verdict === 'altered')
    ? 4
    : unreadable.length || verdicts.length === 0
      ? 1
      : verdicts.some((v) => v.verdict === 'unsealed')
        ? 3
        : 0
  return { stdout, stderr, exitCode }
}
