import { contentLines, successLine } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** Parser for commands whose only evidence is `'<command words>' successful.` */
export function expectSuccess(command: string): (text: string) => Result<{ successful: true }, ParseError> {
  return (text) =>
    successLine(text, command)
      ? ok({ successful: true })
      : parseError(`${command}: no "'${command}' successful." line was found.`)
}

/** Parser for commands that print nothing but the result line; anything else is reported, not guessed at. */
export function expectNothing(text: string): Result<{ lines: string[] }, ParseError> {
  return ok({ lines: contentLines(text) })
}

/** `Policy Allow non-FIPS algorithms is now set to value: 0` (hsm) / `Policy "Allow activation" is now set to: 1` (partition). */
export function parsePolicyChanged(text: string): Result<{ policy: string; value: string }, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*Policy "?(.+?)"? is now set to(?: value)?:\s*(\S+)\s*$/.exec(line)
    if (m) return ok({ policy: m[1] ?? '', value: m[2] ?? '' })
  }
  return parseError('changePolicy: no "Policy ... is now set to" line was found.')
}

export interface LoginBanner {
  /** `Luna SA 5.1.0-24`, `SafeNet Luna Network HSM 7.0`, `Luna Network HSM ... v7.8.5-20`. */
  product?: string
  version?: string
}

/** The `... Command Line Shell ...` banner printed after login. */
export function parseLoginBanner(text: string): Result<LoginBanner, ParseError> {
  for (const line of contentLines(text)) {
    const m = /^\s*(.*?)\s*Command Line Shell\s*(?:v(\d+(?:\.\d+)*(?:-\d+)?))?/.exec(line)
    if (!m) continue
    const product = m[1] ?? ''
    const version = m[2] ?? /(\d+\.\d+(?:\.\d+)?(?:-\d+)?)\s*$/.exec(product)?.[1]
    const facts: LoginBanner = {}
    if (product !== '') facts.product = product
    if (version !== undefined) facts.version = version
    return ok(facts)
  }
  return parseError('login: no "Command Line Shell" banner was found.')
}
