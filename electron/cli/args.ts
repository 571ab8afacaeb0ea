/**
 * Command lines through node:util parseArgs, the same way for every Rackside command: `--opt value` and
 * `--opt=value`, `-h`/`--help` everywhere, and refusals that name the option (exit code 2) instead of
 * parseArgs' own wording.
 */
import { parseArgs } from 'node:util'
import { usageError } from './errors'

export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
  help: boolean
}

/** Parses `argv` against `options` (plus --help/-h); unknown options and missing values are usage errors. */
export function parseCommandLine(argv: string[], options: OptionSpecs): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
    const { help, ...rest } = values as Record<string, unknown>
    return { values: rest as ParsedCommandLine['values'], positionals, help: help === true }
  } catch (error) {
    throw usageError(describeParseError(error))
  }
}

/** parseArgs' errors, said the way the rest of the CLI speaks. */
function describeParseError(error: unknown): string {
  const e = error as { code?: string; message?: string }
  const message = e.message ?? String(error)
  const option = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1] ?? ''
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option}.`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `${option} takes no value.`
        : `${option} needs a value.`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}.`
  }
  return message
}

/**
 * A number given for `option`: digits (and a decimal point when `integer` is false) within [min, max], or a
 * usage error naming the option and what was given.
 */
export function numberOption(
  option: string,
  text: string,
  range: { min: number; max: number; integer?: boolean; unit?: string },
): number {
  const pattern = range.integer === false ? /^\d+(\.\d+)?$/ : /^\d+$/
  const value = Number(text)
  if (!pattern.test(text.trim()) || !Number.isFinite(value) || value < range.min || value > range.max)
    throw usageError(
      `${option} needs ${range.integer === false ? 'a number' : 'a whole number'} from ${range.min} to ${range.max}${range.unit ? ` (${range.unit})` : ''}, not "${text}".`,
    )
  return value
}

/** The value of a string option, or undefined (a repeated option keeps its last value, as OpenSSH does). */
export function stringOption(values: ParsedCommandLine['values'], name: string): string | undefined {
  const v = values[name]
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined
  return typeof v === 'string' ? v : undefined
}
