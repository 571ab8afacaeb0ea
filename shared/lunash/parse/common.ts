import { lines } from '../text'
import { ok, parseError, type ParseError, type Result } from '../result'

/**
 * `[host] lunash:>` with or without a command typed after it; also the forms documents print: no host
 * (`lunash:> hsm show`), `Lunash:>`, and `[1.1.1.11] lunash: client register ...` without the `>`.
 */
export const PROMPT_LINE = /^\s*(?:\[([^\]\n]*)\] ?[Ll]unash:>?|[Ll]unash:>)(.*)$/

/** `Command Result : 0 (Success)`, also `Command Result: 0 (Success)` as some docs and 4.x appliances print it. */
const RESULT_LINE = /^\s*Command Result ?: ?(\d+)(?: \((.*)\))?\s*$/

export interface CommandResult {
  code: number
  text: string
}

/** Curly quotes to straight ones, en and em dashes to hyphens, non-breaking spaces to spaces (word processors). */
export function plainTypography(line: string): string {
  return line
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\u00a0/g, ' ')
}

/** Normalised lines (see text.ts) with document typography made plain. */
function plainLines(text: string): string[] {
  return lines(text).map(plainTypography)
}

/** The last `Command Result` line of an output. */
export function parseCommandResult(text: string): Result<CommandResult, ParseError> {
  const found = plainLines(text)
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
  const all = plainLines(text)
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
  const out = plainLines(text).filter((l) => !PROMPT_LINE.test(l) && !RESULT_LINE.test(l))
  while (out.length > 0 && out[0]?.trim() === '') out.shift()
  while (out.length > 0 && out.at(-1)?.trim() === '') out.pop()
  return out
}

/** Output lines that carry text. */
export function contentLines(text: string): string[] {
  return outputLines(text).filter((l) => l.trim() !== '')
}

/** Command words as lunash names them, compared loosely: `partition -changePw` (6.0) is `partition changepw`. */
const commandWords = (words: string): string =>
  words
    .toLowerCase()
    .replace(/(^|\s)-/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * `'partition create' successful.`, with or without the quotes and the final dot as older docs print it, and
 * `'partition -changePw' successful.` as 6.0 prints that one.
 */
export function successLine(text: string, command: string): boolean {
  const words = commandWords(command)
  return contentLines(text).some((l) => {
    const m = /^\s*'?([a-zA-Z -]+?)'? successful\.?\s*$/.exec(l)
    return m !== null && commandWords(m[1] ?? '') === words
  })
}

/** Key/value lines (`Key:   value`): a helper for the boring parsers. */
export function keyValue(line: string): [string, string] | undefined {
  const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line)
  if (!m) return undefined
  return [m[1] ?? '', m[2] ?? '']
}

/**
 * Reads a key's value and removes it from `kv`, so what no field took is left over for the facts' `other`.
 */
export function taker(kv: Record<string, string>): (key: string) => string | undefined {
  return (key) => {
    const v = kv[key]
    delete kv[key]
    return v
  }
}

/** Marks a parser of an output the reference has no real transcript for (DESIGN: NOT FOUND items). */
export interface Unverified {
  /** False: the parser follows the simulator's plausible form, not a seen appliance output. Flag it in the UI. */
  verified: false
}
