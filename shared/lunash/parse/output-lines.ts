/**
 * The lines of one command's output as the tolerant parsers want them. Real appliances and the documents that
 * quote them add things the parsers must see through: the echoed command after any prompt (documents drop the
 * `[` or type `lunash;>`), both spellings of the result line, curly quotes and en dashes from word processors,
 * non-breaking spaces, and blank lines everywhere.
 */
import { lines } from '../text'
import { plainTypography } from './common'

/** The prompt, however a document or terminal mangled it: `[host] lunash:>`, `host] lunash:>`, `lunash;>`. */
const ECHO = /lunash[:;]\s?>/
const RESULT = /^\s*Command Result ?: ?\d+/

/** A prompt line, with or without the command typed after it. */
export function isEchoLine(line: string): boolean {
  return ECHO.test(line)
}

/** `Command Result : 0 (Success)`, `Command Result: 0 (Success)`. */
export function isResultLine(line: string): boolean {
  return RESULT.test(line)
}

/** Lines that carry text, without prompts, echoed commands and the result line, typography folded. */
export function bodyLines(text: string): string[] {
  return lines(text)
    .map(plainTypography)
    .filter((l) => l.trim() !== '' && !isEchoLine(l) && !isResultLine(l))
}

/** The command typed after the last prompt that has one, folded and trimmed (`service status ntp`). */
export function echoedCommand(text: string): string | undefined {
  const typed = lines(text)
    .map((l) => /lunash[:;]\s?>\s*(\S.*)$/.exec(plainTypography(l))?.[1]?.trim())
    .filter((c) => c !== undefined)
  return typed.at(-1)
}

/** The first `Error:` sentence of an output, when the appliance reported one. */
export function errorLine(body: string[]): string | undefined {
  return body.find((l) => /^\s*Error:/.test(l))?.trim()
}
