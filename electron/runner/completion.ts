/**
 * Judging a command's output once lunash printed `Command Result : N (text)` and its prompt: whose output it is,
 * whether the line was clean, and what the row's parser makes of it. Pure: text in, a verdict out.
 */
import type { AnyCommand } from '../../shared/lunash/commands/spec'
import { parseLunashError } from '../../shared/lunash/parse/common'
import type { RunResult, RunStatus } from './types'

/** `[host] lunash:>` as the last thing in the buffer: the shell is waiting for a command. */
export const PROMPT_AT_END = /(?:^|\n)[^\n]*?\[([^\]\n]*)\] ?lunash:>[ \t]*$/
/** `Command Result : N (text)`, blank lines, then the prompt: the command has ended. */
export const RESULT_THEN_PROMPT =
  /Command Result ?: ?(\d+)(?: \(([^)\n]*)\))?[^\n]*\n(?:[ \t]*\n)*[^\n]*?\[([^\]\n]*)\] ?lunash:>[ \t]*$/

export interface Verdict {
  status: RunStatus
  reason: string
  extra: Partial<RunResult>
}

export interface Ending {
  spec: AnyCommand
  /** The line typed (empty for attended flows). */
  line: string
  /** The output after the echo, up to the prompt. */
  output: string
  code: number
  codeText: string
  /** The host in the prompt that ended it. */
  host: string
  /** Set when quit was sent at a confirmation: the run failed whatever lunash says, for this reason. */
  declined?: string
}

/** What one ended command proves: done only with a clean, parsed output of this command alone. */
export function judgeOutput(end: Ending): Verdict {
  const { spec, line, output, code, codeText } = end
  const extra: Partial<RunResult> = { resultCode: code, resultText: codeText, promptHost: end.host }
  if (end.declined !== undefined)
    return { status: 'failed', reason: end.declined || 'The operator declined; quit was sent.', extra }
  const foreign = spec.attend ? undefined : foreignOutput(output, code)
  if (foreign)
    return {
      status: code === 0 ? 'unknown' : 'failed',
      reason: `${code === 0 ? 'unknown — re-verify: ' : ''}the output of ${line} holds ${foreign}, so it is not this command's alone. Check the console and the appliance's state.`,
      extra,
    }
  if (code !== 0) {
    const error = parseLunashError(output)
    if (error.ok) extra.error = error.value
    // Without the `'<cmd>' failed.` line, the appliance's own Error: sentences still say why.
    const sentences = output
      .split('\n')
      .filter((l) => /^\s*Error:/.test(l))
      .map((l) => l.replace(/^\s*Error:\s*/, '').trim())
    const detail = error.ok
      ? [`${error.value.name} (${error.value.code})`, ...error.value.messages].join(': ')
      : [`Command Result ${code} (${codeText})`, ...sentences].join(': ')
    return { status: 'failed', reason: `${line || spec.title} failed: ${detail}`, extra }
  }
  const noise = lineNoise(output)
  if (noise)
    return {
      status: 'unknown',
      reason: `unknown — re-verify: the output holds characters a Luna appliance does not print (${noise}), so its facts are not trusted: line noise on the console? Check the cable or the line settings and read it again.`,
      extra,
    }
  const parsed = spec.parse(output)
  if (!parsed.ok)
    return {
      status: 'unknown',
      reason: `unknown — re-verify: lunash reported success but the output is not understood (${parsed.error.message}).`,
      extra,
    }
  extra.facts = parsed.value
  return { status: 'done', reason: `${line || spec.title}: Command Result 0 (${codeText}).`, extra }
}

/**
 * Another command's traces inside one command's output (its result line, its prompt, or its failure): typed-ahead
 * input ran too, and this output proves nothing on its own.
 */
export function foreignOutput(output: string, code: number): string | undefined {
  const final = output.lastIndexOf('Command Result')
  const body = final < 0 ? output : output.slice(0, final)
  if (/Command Result ?:/.test(body)) return "another command's result line"
  if (/\] ?lunash:>/.test(body)) return 'another lunash prompt'
  // A command that succeeded prints no failure of its own.
  const failed = code === 0 ? /Error:\s*'([^']+)' failed/.exec(body) : null
  if (failed) return `an error from '${failed[1] ?? ''}'`
  return undefined
}

/**
 * lunash prints ASCII only. Anything else in an output is line noise (a bad serial line, the wrong speed or parity
 * decodes to U+FFFD or stray Latin-1), and noise inside a value would change a fact without a parser noticing.
 */
export function lineNoise(output: string): string | undefined {
  const odd = output.match(/[^\t\n\x20-\x7e]/g)
  if (!odd) return undefined
  const shown = [...new Set(odd)]
    .slice(0, 5)
    .map((ch) => `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`)
  return `${odd.length} such: ${shown.join(', ')}`
}
