/**
 * Finds the secrets on a command line (`hsm login -p S3cret`, `vtl haAdmin –newGroup … –password "a b"`,
 * `--password=x`, `lunacm -c "role login -name co -password x"`) with the options of shared/secret-table.ts.
 * The line is read the way a shell splits it: words, quotes, backslashes, `;` `|` `&&` between commands, a
 * lunash or lunacm prompt (`[host] lunash:>`) in front. A quoted word with spaces is read again as a command
 * line of its own (`lunacm -c "…"`, `ssh host "hsm login -p …"`).
 *
 * `open` says the line may go on with more of a secret: the terminal wrapped the echo of a long command at its
 * edge, and the next line continues the value, or the option itself (`-pass` | `word S3cret`).
 */
import {
  identifyCommand,
  isKnownOption,
  mayBecomeSecretOption,
  optionWord,
  secretOption,
  type CommandContext,
} from '../../shared/secret-table'

export interface Span {
  start: number
  end: number
}

export interface LineScan {
  /** Where the secrets are in the text, in order. */
  spans: Span[]
  /**
   * The secrets as the tool receives them (quotes removed); `sure` when the command's own row names the option.
   * (The value of a bare `-p` of a command the table does not know is hidden where it stands but not listed:
   * it is `mkdir -p`'s folder more often than a password.)
   */
  values: { text: string; sure: boolean; complete: boolean }[]
  /** A secret may go on past the end of the text (a value, a quote or a secret option reaching the end). */
  open: boolean
}

interface Word {
  start: number
  end: number
  /** The word as the program gets it: quotes and backslashes removed. */
  text: string
  /** It holds a quote. */
  quoted: boolean
  /** A quote opened in it is not closed before the end of the text. */
  unclosed: boolean
}

/** Opening quote → the characters that close it (typographic quotes count: a guide pasted in a terminal). */
const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d"',
  '\u201e': '\u201c\u201d"',
  '\u2018': "\u2019'",
  '\u00ab': '\u00bb',
}

/** Splits a line into commands, each a list of words with their place in the line. */
function commands(text: string): Word[][] {
  const out: Word[][] = [[]]
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === ' ' || ch === '\t') {
      i++
      continue
    }
    // `;` `|` `&&` standing alone separate two commands; in a word they are part of it (lunash is no Unix
    // shell: `-p ab;cd` and `-p &(x` may be passwords).
    const separator = /^[;|&]+(?=[ \t]|$)/.exec(text.slice(i, i + 3))
    if (separator) {
      if (out[out.length - 1]!.length > 0) out.push([])
      i += separator[0].length
      continue
    }
    const start = i
    let value = ''
    let quoted = false
    let unclosed = false
    let prompt = false
    while (i < text.length) {
      const c = text[i]!
      if (c === ' ' || c === '\t') break
      if (c === '\\' && i + 1 < text.length) {
        value += text[i + 1]
        i += 2
        continue
      }
      const close = QUOTES[c]
      if (close !== undefined) {
        quoted = true
        let j = i + 1
        while (j < text.length && !close.includes(text[j]!)) j++
        value += text.slice(i + 1, j)
        if (j >= text.length) {
          unclosed = true
          i = j
        } else i = j + 1
        continue
      }
      value += c
      i++
      // `lunash:>hsm login`: the prompt ends there and a command begins.
      if (c === '>' && text[i - 2] === ':') {
        prompt = true
        break
      }
    }
    out[out.length - 1]!.push({ start, end: i, text: value, quoted, unclosed })
    if (prompt) out.push([])
  }
  return out.filter((words) => words.length > 0)
}

/** The command of a list of words: the first of the first few words that the table knows (a prompt may lead). */
function contextOf(words: readonly Word[]): CommandContext {
  const plain = words.map((w) => w.text)
  for (let skip = 0; skip < Math.min(3, plain.length); skip++) {
    const context = identifyCommand(plain.slice(skip))
    if (context.rows.length > 0) return { rows: context.rows, argsFrom: context.argsFrom + skip }
  }
  return { rows: [], argsFrom: 0 }
}

export function scanCommandLine(text: string): LineScan {
  const scan: LineScan = { spans: [], values: [], open: false }
  const all = commands(text)
  const lastWord = all[all.length - 1]?.[all[all.length - 1]!.length - 1]
  const reachesEnd = (w: Word): boolean => w.end === text.length || w.unclosed

  for (const words of all) {
    const context = contextOf(words)
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!
      const raw = text.slice(w.start, w.end)
      // A quoted command inside this one: `lunacm -c "role login -password x"`.
      if (w.quoted && /\s/.test(w.text) && QUOTES[raw[0]!] !== undefined) {
        const innerEnd = w.unclosed ? w.end : w.end - 1
        const inner = scanCommandLine(text.slice(w.start + 1, innerEnd))
        for (const s of inner.spans)
          scan.spans.push({ start: s.start + w.start + 1, end: s.end + w.start + 1 })
        scan.values.push(...inner.values)
        if (inner.open && w.unclosed) scan.open = true
      }
      if (k < context.argsFrom) continue
      const option = optionWord(raw)
      if (!option) continue
      const kind = secretOption(option.name, context)
      if (!kind) {
        if (w === lastWord && w.end === text.length && mayBecomeSecretOption(option.name, context))
          scan.open = true
        continue
      }
      if (option.valueAt !== undefined && option.valueAt < raw.length) {
        scan.spans.push({ start: w.start + option.valueAt, end: w.end })
        // The unquoted text after the name and its `=`: quotes only ever follow the `=`.
        const value = w.text.slice(option.valueAt)
        if (kind !== 'shell')
          scan.values.push({ text: value, sure: kind === 'command', complete: !reachesEnd(w) })
        if (reachesEnd(w)) scan.open = true
        continue
      }
      const next = words[k + 1]
      if (!next) {
        // The value is still to come (typed next, or on the next line of a wrapped echo).
        if (w === lastWord) scan.open = true
        continue
      }
      const nextOption = optionWord(text.slice(next.start, next.end))
      if (
        nextOption &&
        nextOption.name &&
        (context.rows.length === 0 ||
          isKnownOption(nextOption.name, context) ||
          secretOption(nextOption.name, context))
      )
        continue
      scan.spans.push({ start: next.start, end: next.end })
      if (kind !== 'shell')
        scan.values.push({ text: next.text, sure: kind === 'command', complete: !reachesEnd(next) })
      if (reachesEnd(next)) scan.open = true
      k++
    }
  }
  scan.spans.sort((a, b) => a.start - b.start)
  return scan
}
