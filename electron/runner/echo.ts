/**
 * Finding the command's echo: proof that the appliance received the line we typed, and nothing else with it.
 */

/** What may stand before a command's echo on its line: the lunash prompt, nothing else. */
const PROMPT_THEN_NOTHING = /^[ \t]*(?:\[[^\]\n]*\] ?lunash:>)?[ \t]*$/

export interface Echo {
  /** What stood before the command on its line. */
  before: string
  /** The whole echoed line, whitespace squeezed. */
  line: string
  /** Where the output starts: after the echo's line. */
  end: number
}

/**
 * The echo of the command line (whitespace-insensitive, so a line wrapped at the terminal's edge is found):
 * what stood before it on its line, the whole echoed line, and where the output starts (after the echo's line).
 * Undefined until the whole line, newline included, has arrived.
 */
export function findEcho(text: string, line: string): Echo | undefined {
  const want = line.replace(/\s+/g, '')
  let squeezed = ''
  const map: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    if (/\s/.test(ch)) continue
    squeezed += ch
    map.push(i)
  }
  const at = squeezed.indexOf(want)
  if (at < 0) return undefined
  const first = map[at] ?? 0
  const last = map[at + want.length - 1] ?? 0
  const newline = text.indexOf('\n', last)
  if (newline < 0) return undefined
  const lineStart = text.lastIndexOf('\n', first) + 1
  return {
    before: text.slice(lineStart, first),
    line: text.slice(lineStart, newline).replace(/\s+/g, ' ').trim(),
    end: newline + 1,
  }
}

/**
 * True when only the prompt stood before the echo. Otherwise something else was on the command line with ours
 * (typed ahead, not yet echoed when we looked) and the appliance is running a line nobody reviewed.
 */
export function echoIsAlone(echo: Echo): boolean {
  return PROMPT_THEN_NOTHING.test(echo.before)
}
