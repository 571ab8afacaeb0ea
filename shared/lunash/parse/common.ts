import { lines } from '../text'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `[host] lunash:>` with or without a command typed after it. */
export const PROMPT_LINE = /^\[([^\]\n]*)\] ?lunash:>(.*)$/

/** `Command Result : 0 (Success)`, also `Command Result: 0 (Success)` as some docs print it. */
const RESULT_LINE = /^\s*Command Result ?: ?(\d+)(?: \((.*)\))?\s*$/

export interface CommandResult {
  code: number
  text: string
}

/** The last `Command Result` line of an output. */
export function parseCommandResult(text: string): Result<CommandResult, ParseError> {
  const found = lines(text)
    .map((l) => RESULT_LINE.exec(l))
    .filter((m) => m !== null)
    .at(-1)
  if (!found) return parseError('The output has no "Command Result" line.')
  return ok({ code: Number(found[1]), text: found[2] ?? '' })
}

/** `Error:  'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)` */
const FAILED_LINE = /^\s*Error: +'([^']+)' failed\. \(([0-9A-Fa-f]+) : ([A-Z0-9_]+)\)\s*$/
const ERROR_LINE = /^\s*Error: +(.*)$/

export interface LunashError {
  /** The command words lunash named, e.g. `client show`. */
  command: string
  /** Hex code as printed, e.g. `C000040A`. */
  code: string
  /** Symbolic name, e.g. `RC_OBJECT_NOT_IN_LIST`. */
  name: string
  /** The other `Error:` sentences (and their continuation lines), e.g. `Specified client does not exist.` */
  messages: string[]
}

/** The `Error:  '<cmd>' failed. (<code> : <NAME>)` line and the explanatory `Error:` lines around it. */
export function parseLunashError(text: string): Result<LunashError, ParseError> {
  const all = lines(text)
  let failed: RegExpExecArray | null = null
  const messages: string[] = []
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? ''
    const f = FAILED_LINE.exec(line)
    if (f) {
      failed = f
      continue
    }
    const e = ERROR_LINE.exec(line)
    if (!e) continue
    let message = (e[1] ?? '').trim()
    // An indented line straight after an Error: sentence continues it.
    while (/^\s{4,}\S/.test(all[i + 1] ?? '') && !ERROR_LINE.test(all[i + 1] ?? '')) {
      message += ' ' + (all[++i] ?? '').trim()
    }
    messages.push(message)
  }
  if (!failed) return parseError('The output has no "Error:  \'<command>\' failed." line.')
  return ok({
    command: failed[1] ?? '',
    code: (failed[2] ?? '').toUpperCase(),
    name: failed[3] ?? '',
    messages,
  })
}

/**
 * The lines a command printed: without the echoed command line, prompts and the Command Result line,
 * and without leading and trailing blank lines. Parsers start from here.
 */
export function outputLines(text: string): string[] {
  const out = lines(text).filter((l) => !PROMPT_LINE.test(l) && !RESULT_LINE.test(l))
  while (out.length > 0 && out[0]?.trim() === '') out.shift()
  while (out.length > 0 && out.at(-1)?.trim() === '') out.pop()
  return out
}

/** Output lines that carry text. */
export function contentLines(text: string): string[] {
  return outputLines(text).filter((l) => l.trim() !== '')
}

/** `'partition create' successful.` (with or without quotes and the final dot, as older docs print it). */
export function successLine(text: string, command: string): boolean {
  const words = command.toLowerCase()
  return contentLines(text).some((l) => {
    const m = /^\s*'?([a-zA-Z ]+?)'? successful\.?\s*$/.exec(l)
    return m !== null && (m[1] ?? '').toLowerCase() === words
  })
}

/** Key/value lines (`Key:   value`): a helper for the boring parsers. */
export function keyValue(line: string): [string, string] | undefined {
  const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line)
  if (!m) return undefined
  return [m[1] ?? '', m[2] ?? '']
}

/** Marks a parser of an output the reference has no real transcript for (DESIGN: NOT FOUND items). */
export interface Unverified {
  /** False: the parser follows the simulator's plausible form, not a seen appliance output. Flag it in the UI. */
  verified: false
}
