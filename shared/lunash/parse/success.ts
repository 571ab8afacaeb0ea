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
  /** `Luna SA 5.1.0-24`, `SafeNet Luna Network HSM 7.0`, `Luna Network HSM` (7.x prints the version after `v`). */
  product?: string
  version?: string
  /** `20111223 11:55` from the serial console's `[Build Time: ...]` line, when it was seen. */
  buildTime?: string
}

const VERSION = String.raw`\d+\.\d+(?:\.\d+)?(?:-\d+)?`
const SHELL_BANNER = new RegExp(String.raw`^\s*(.*?)\s*Command Line Shell\b\s*(?:v(${VERSION}))?`)
const BUILD_LINE = new RegExp(String.raw`^\s*(.*?\s(${VERSION}))\s+\[Build Time:\s*([^\]]*?)\s*\]\s*$`)

/**
 * The banners an appliance prints at login: `... Command Line Shell ...` after login (5.x `Luna SA 5.4.7-1
 * Command Line Shell - Copyright ...`, 7.x `Luna Network HSM Command Line Shell v7.8.5-20. ...`), and on serial
 * the `Luna SA 5.1.0-24 [Build Time: 20111223 11:55]` line before the login question.
 */
export function parseLoginBanner(text: string): Result<LoginBanner, ParseError> {
  const facts: LoginBanner = {}
  let seen = false
  for (const line of contentLines(text)) {
    const build = BUILD_LINE.exec(line)
    if (build) {
      seen = true
      facts.buildTime = build[3] ?? ''
      facts.product ??= build[1] ?? ''
      facts.version ??= build[2] ?? ''
      continue
    }
    const m = SHELL_BANNER.exec(line)
    if (!m) continue
    seen = true
    const product = m[1] ?? ''
    const version = m[2] ?? new RegExp(`(${VERSION})\\s*$`).exec(product)?.[1]
    // The shell banner names what runs now: it wins over a build line printed before the login.
    if (product !== '') facts.product = product
    if (version !== undefined) facts.version = version
  }
  if (!seen) return parseError('login: no "Command Line Shell" banner was found.')
  return ok(facts)
}
