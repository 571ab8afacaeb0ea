/**
 * `rackside transcript verify [--json] [FILE|FOLDER…]`: checks the seals of transcripts (transcript-seal.ts), for
 * an auditor or a script; with no path, the app's transcripts folder. One line a file: sealed, unsealed or
 * ALTERED (transcript-verdicts.ts).
 * Exit codes: 4 some altered; else 1 a file could not be read (or none found); 2 usage; 3 some unsealed; 0 all sealed.
 */
import { join } from 'node:path'
import { parseCommandLine } from './cli/args'
import { appDataDir } from './sessions/data-dir'
import { CliError } from './cli/errors'
import { describeVerdict, verifyTranscripts } from './sessions/transcript-verdicts'

export const transcriptUsage = 'Usage: rackside transcript verify [--json] [FILE|FOLDER…]'
const transcriptHelp = `${transcriptUsage}

Checks that each transcript's seals hold: sealed, unsealed (lines after the last seal) or ALTERED.
With no path, the app's transcripts folder (${join(appDataDir(), 'transcripts')}).
  --json   the verdicts as JSON
Exit codes: 0 all sealed; 3 some unsealed; 4 some altered; 1 a file could not be read; 2 usage.`

export interface CliOutcome {
  stdout: string
  stderr: string
  exitCode: number
}

export async function transcriptCommand(argv: string[]): Promise<CliOutcome> {
  const [verb, ...rest] = argv
  if (verb === '--help' || verb === '-h') return { stdout: `${transcriptHelp}\n`, stderr: '', exitCode: 0 }
  if (verb !== 'verify') return { stdout: '', stderr: `${transcriptUsage}\n`, exitCode: 2 }
  let parsed: ReturnType<typeof parseCommandLine>
  try {
    parsed = parseCommandLine(rest, { json: { type: 'boolean' } })
  } catch (error) {
    const message = error instanceof CliError ? error.message : String(error)
    return { stdout: '', stderr: `${message}\n${transcriptUsage}\n`, exitCode: 2 }
  }
  if (parsed.help) return { stdout: `${transcriptHelp}\n`, stderr: '', exitCode: 0 }
  const json = parsed.values.json === true
  const paths = parsed.positionals.length ? parsed.positionals : [join(appDataDir(), 'transcripts')]
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
