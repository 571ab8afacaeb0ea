/**
 * `rackside transcript verify [--json] [FILE|FOLDER…]`: checks the seals of transcripts (transcript-seal.ts), for
 * an auditor or a script; with no path, the app's transcripts folder. One line a file: sealed, unsealed or
 * ALTERED (transcript-verdicts.ts).
 * Exit codes: 4 some altered; else 1 a file could not be read (or none found); 2 usage; 3 some unsealed; 0 all sealed.
 */
import { join } from 'node:path'
import { describeVerdict, verifyTranscripts } from './sessions/transcript-verdicts'

export const transcriptUsage = 'Usage: rackside transcript verify [--json] [FILE|FOLDER…]'

export interface CliOutcome {
  stdout: string
  stderr: string
  exitCode: number
}

export async function transcriptCommand(argv: string[]): Promise<CliOutcome> {
  const [verb, ...rest] = argv
  if (verb !== 'verify') return { stdout: '', stderr: `${transcriptUsage}\n`, exitCode: 2 }
  const json = rest.includes('--json')
  const unknown = rest.find((a) => a.startsWith('-') && a !== '--json')
  if (unknown) return { stdout: '', stderr: `Unknown option ${unknown}.\n${transcriptUsage}\n`, exitCode: 2 }
  let paths = rest.filter((a) => !a.startsWith('-'))
  if (paths.length === 0) {
    const { defaultDataDir } = await import('./sessions/consoles')
    paths = [join(defaultDataDir(), 'transcripts')]
  }
  const { verdicts, unreadable } = verifyTranscripts(paths)
  const stdout = json
    ? `${JSON.stringify(verdicts, null, 2)}\n`
    : verdicts.map((v) => `${describeVerdict(v)}\n`).join('')
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
