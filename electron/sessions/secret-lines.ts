/**
 * Redaction of a transcript's lines before they reach the disk. Three things hide a secret:
 *   - the command-line options and the answered questions of shared/secret-table.ts, read from the line itself
 *     (secret-options.ts), so a secret is hidden the first time it appears;
 *   - every secret already known (the process-wide registry of electron/vault, and this console's own: typed
 *     at a question or on a command line), wherever it appears;
 *   - an echo wrapped at the terminal's edge: the echo of a long line comes back split over several lines
 *     (CR LF at the wrap column, or ` \r`, or nothing), so a known secret is matched across line ends, a line
 *     that ends with the start of a secret (or of what is being typed) waits for the next before it is written,
 *     and a command line whose last option or value reaches the edge is read on into the next line.
 */
import { knownSecrets, longestSecretLength, REDACTED, secretsVersion } from '../vault/redact'
import { answerStart, DASHES } from '../../shared/secret-table'
import { redactable } from '../../shared/secret-value'
import { scanCommandLine, type Span } from './secret-options'

export interface LineRedactorOptions {
  /** This console's own secrets (typed at its questions or on its command lines), 4 characters or more. */
  local: ReadonlySet<string>
  /** What is being typed that may be a secret's beginning: a line ending with its start waits for the next. */
  typing(): readonly string[]
  /** Lines entered lately, exactly as typed: a command line that ends with one of them is not wrapped. */
  entered(): readonly string[]
  /** A secret read on a command line from the screen (a recalled line, another program's output). */
  learn(value: string): void
}

export interface LineRedactor {
  /**
   * Takes the lines a chunk of output completed (`text`, each ending in '\n'; the first began at `firstAt`,
   * the others at `restAt`) and the line still arriving; returns the lines that may be written now, redacted,
   * each behind its time stamp.
   */
  push(text: string, firstAt: string, restAt: string, partial: string): string
  /** Whatever is held back, redacted and stamped (before a note, at the end). */
  flush(): string
  /** A secret question was answered: the next line beginning with `prompt` holds the answer's echo after it. */
  answerAfter(prompt: string): void
  /** Redacts a single line of Rackside's own (a note). */
  line(text: string): string
  /** Lines are held back, waiting for the next. */
  readonly holding: boolean
}

/** A line ending with the start of a secret waits at most this long (in lines) for the rest. */
const MAX_HELD_LINES = 64
const MAX_HELD_CHARS = 16_384
/** A command line read on across wrapped lines is followed this far, at most. */
const MAX_CARRY = 4096
/** The narrowest terminal a wrapped line can come from: a shorter line ended where it was meant to. */
const MIN_WIDTH = 20

/** A dash of any kind: where a command line's option may begin. */
const DASH = new RegExp(`[${DASHES}]`, 'g')
/** What may stand before an option's dash: a space, a quote, `=`, a prompt's `>`, another dash. */
const BEFORE_OPTION = new RegExp(`[\\s"'=(;|&>\u201c\u201e\u2018${DASHES}]`)
/** After an option's dash: its name, a second dash, or the line's end (the rest may be on the next line). */
const OPTION_NEXT = /[A-Za-z\n]/
const DASH_ONE = new RegExp(`[${DASHES}]`)
/** Words of a secret question (its answer may follow on the line). */
const ANSWER_WORD = /pass|pwd|pin|challenge|domain|secret|phrase/gi
/** A lunash, lunacm or shell prompt at the start of a line: a new command begins there, not a wrapped one. */
const PROMPT_START = /^(?:\[[^\]]*\]\s*)?(?:lunash|lunacm):>|^\S*[$#]\s/i

/**
 * One character of a secret in a pattern. A space may be missing: a CR at the wrap column, cut from the space
 * before it by a chunk boundary, takes the space with it (the ` \r` a terminal sends there is dropped whole).
 */
const escapeChar = (ch: string): string => (ch === ' ' ? ' ?' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
/** What a terminal may put between two characters of an echo at its edge (`\r` is gone by now): a line end, a space. */
const WRAP = '(?: ?\\n| )?'

/** A secret, matched also when a line end falls anywhere inside it. */
const wrapped = (secret: string): string => [...secret].map(escapeChar).join(WRAP)

/** The start of a secret (its first 1..n characters) at the very end of a text, across line ends too. */
function startAtEnd(secret: string): RegExp {
  const chars = [...secret].map(escapeChar)
  let nested = ''
  for (let k = chars.length - 1; k >= 1; k--) nested = `(?:${WRAP}${chars[k]}${nested})?`
  return new RegExp(`${chars[0]}${nested}${WRAP}$`)
}

/** Display width: a wrapped line fills the terminal, counting tabs and double-width characters. */
function columns(row: string): number {
  let n = row.length
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i)
    if (c === 9) n += 7
    else if (
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xff00 && c <= 0xff60))
    )
      n += 1
  }
  return n
}

/** Replaces each span with [redacted], one per line the span touches; line ends stay where they are. */
function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  let out = ''
  let at = 0
  for (const span of spans) {
    const start = Math.max(span.start, at)
    if (span.end <= start) continue
    out += text.slice(at, start)
    out += text
      .slice(start, span.end)
      .split('\n')
      .map((piece) => (piece ? REDACTED : ''))
      .join('\n')
    at = span.end
  }
  return out + text.slice(at)
}

const lineStartOf = (text: string, index: number): number =>
  index <= 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1

export function lineRedactor(options: LineRedactorOptions): LineRedactor {
  /** Lines waiting for the next (raw, each ending in '\n'), and their stamps. */
  let held = ''
  let heldStamps: string[] = []
  /** The command line read so far when its last row reached the terminal's edge with a secret going on. */
  let carry: string | undefined
  /** The last line written, raw: the question above lunash's `> ` answer line. */
  let above: string | undefined
  let answerPrompt: string | undefined
  /** The end of what was written (whole lines): a secret wrapped from there into the next lines is still seen. */
  let recent = ''
  /** The length of the longest secret known, or being typed. */
  const longestKnown = (typing: readonly string[]): number => {
    let longest = longestSecretLength()
    for (const s of options.local) longest = Math.max(longest, s.length)
    for (const t of typing) longest = Math.max(longest, t.length)
    return longest
  }
  /** As much of the written text as the longest secret, wrapped, can span. */
  const keepRecent = (text: string): string => {
    const cut = text.length - Math.min(MAX_CARRY, 3 * longestKnown([]) + 8)
    return cut <= 0 ? text : text.slice(lineStartOf(text, cut))
  }

  /** Every known secret as one pattern, rebuilt when the set changes. */
  let literal: { key: string; pattern: RegExp | undefined; ends: RegExp[] } = {
    key: '',
    pattern: undefined,
    ends: [],
  }
  const secretsNow = () => {
    const key = `${secretsVersion()}|${options.local.size}`
    if (key !== literal.key) {
      const all = [...new Set([...knownSecrets(), ...options.local])]
        .filter((s) => s.length >= 4)
        .sort((a, b) => b.length - a.length)
      literal = {
        key,
        pattern: all.length > 0 ? new RegExp(all.map(wrapped).join('|'), 'g') : undefined,
        ends: all.map(startAtEnd),
      }
    }
    return literal
  }

  /**
   * Where the lines that must wait begin (a character position at a line start; `text.length` when none must):
   * a secret, or what is being typed, that runs from them into the line still arriving, or whose beginning
   * ends the text, may be completed by the next line.
   */
  const holdPoint = (text: string, partial: string): number => {
    const known = secretsNow()
    const typing = options.typing().filter((t) => t.length > 0)
    if (known.ends.length === 0 && typing.length === 0) return text.length
    const reach = 3 * longestKnown(typing) + 8
    const base = Math.max(0, text.length - reach)
    const window = text.slice(base) + partial.slice(0, reach)
    const edge = text.length - base
    let from = text.length
    // A whole secret from a finished line into the one still arriving.
    const across = [
      known.pattern,
      typing.length > 0 ? new RegExp(typing.map(wrapped).join('|'), 'g') : undefined,
    ]
    for (const pattern of across) {
      if (!pattern) continue
      pattern.lastIndex = 0
      for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
        if (m.index < edge && m.index + m[0].length > edge) from = Math.min(from, base + m.index)
        if (m[0].length === 0) pattern.lastIndex++
      }
    }
    // The start of one at the very end (only if the window holds the whole of the line still arriving).
    if (partial.length <= reach)
      for (const pattern of [...known.ends, ...typing.map(startAtEnd)]) {
        const m = pattern.exec(window)
        if (m && m.index < edge) from = Math.min(from, base + m.index)
      }
    if (from >= text.length) return text.length
    const start = lineStartOf(text, from)
    if (text.length - start > MAX_HELD_CHARS) return text.length
    let lines = 0
    for (let i = text.indexOf('\n', start); i >= 0 && lines <= MAX_HELD_LINES; i = text.indexOf('\n', i + 1))
      lines++
    return lines > MAX_HELD_LINES ? text.length : start
  }

  /** A command line whose end one of the operator's entered lines explains is complete, not cut by a wrap. */
  const explained = (line: string): boolean =>
    options.entered().some((typed) => typed.trim().length > 0 && line.trimEnd().endsWith(typed.trimEnd()))

  /** The spans of command-line secrets, reading on from `carry` into the lines after an open one. */
  const optionSpans = (text: string, spans: Span[]): void => {
    const starts = new Set<number>()
    if (carry !== undefined && text.length > 0) starts.add(0)
    DASH.lastIndex = 0
    for (let m = DASH.exec(text); m; m = DASH.exec(text)) {
      if (m.index > 0 && !BEFORE_OPTION.test(text[m.index - 1]!)) continue
      // An option's name follows (`-p`, `--pass`), or the line ends: it may go on on the next.
      const next = text[m.index + 1] ?? '\n'
      if (!OPTION_NEXT.test(next) && !(DASH_ONE.test(next) && OPTION_NEXT.test(text[m.index + 2] ?? '\n')))
        continue
      starts.add(lineStartOf(text, m.index))
      // the whole line is read at once: go on after it
      const end = text.indexOf('\n', m.index)
      DASH.lastIndex = end < 0 ? text.length : end
    }
    let next = -1
    for (const start of [...starts].sort((a, b) => a - b)) {
      if (start < next) continue
      let at = start
      if (at !== 0) carry = undefined
      while (at < text.length) {
        const end = text.indexOf('\n', at)
        const row = text.slice(at, end < 0 ? text.length : end)
        if (carry !== undefined && PROMPT_START.test(row)) carry = undefined
        const joined = (carry ?? '') + row
        const offset = joined.length - row.length
        const scan = scanCommandLine(joined)
        for (const s of scan.spans)
          if (s.end > offset)
            spans.push({ start: at + Math.max(0, s.start - offset), end: at + s.end - offset })
        const open = scan.open && columns(row) >= MIN_WIDTH && !explained(joined)
        // A value cut by the edge is learnt in part, and whole once the next line is read: both are secret.
        for (const v of scan.values) if (v.sure) options.learn(v.text)
        carry = open ? joined.slice(-MAX_CARRY) : undefined
        at = end < 0 ? text.length : end + 1
        if (!open) break
      }
      next = at
    }
  }

  /** Answers echoed in clear after a secret question, on the question's line or on lunash's `> ` line. */
  const answerSpans = (text: string, spans: Span[]): void => {
    if (answerPrompt !== undefined) {
      const prompt = answerPrompt
      answerPrompt = undefined
      for (let at = 0; at < text.length; ) {
        const end = text.indexOf('\n', at)
        if (text.startsWith(prompt, at)) {
          if (!/^[*\u2022\s]*$/.test(text.slice(at + prompt.length, end)))
            spans.push({ start: at + prompt.length, end })
          break
        }
        at = end + 1
      }
    }
    const lines = new Set<number>()
    ANSWER_WORD.lastIndex = 0
    for (let m = ANSWER_WORD.exec(text); m; m = ANSWER_WORD.exec(text)) {
      lines.add(lineStartOf(text, m.index))
      ANSWER_WORD.lastIndex = text.indexOf('\n', m.index) + 1
    }
    // lunash's `> ` (lunacm's `->`) at the start of a line, under the question
    for (let gt = text.indexOf('>'); gt >= 0; gt = text.indexOf('>', gt + 1)) {
      const start = lineStartOf(text, gt)
      if (/^[ \t]*-?$/.test(text.slice(start, gt))) lines.add(start)
    }
    for (const start of lines) {
      const end = text.indexOf('\n', start)
      const previous = start > 0 ? text.slice(lineStartOf(text, start - 1), start - 1) : above
      const at = answerStart(text.slice(start, end), previous)
      if (at !== undefined) spans.push({ start: start + at, end })
    }
  }

  /**
   * Redacts complete lines (raw, each ending in '\n'). Known secrets are looked for with the lines written just
   * before (`recent`) and the text after (`after`: lines held back, the line still arriving) around them, so a
   * secret wrapped over several lines is found in each of them.
   */
  const redactLines = (text: string, after: string): string => {
    if (text.length === 0) return text
    const spans: Span[] = []
    // What is being typed counts once it is long enough: its echo may be on these lines before the Enter.
    const typing = options.typing().filter((t) => redactable(t))
    const longest = longestKnown(typing)
    const reach = 3 * longest + 8
    // The text itself, then its two edges with what was written before and what comes after.
    const pieces: [string, number][] = [[text, 0]]
    if (recent) pieces.push([recent + text.slice(0, reach), -recent.length])
    if (after)
      pieces.push([text.slice(-reach) + after.slice(0, reach), text.length - Math.min(reach, text.length)])
    for (const pattern of [
      secretsNow().pattern,
      typing.length > 0 ? new RegExp(typing.map(wrapped).join('|'), 'g') : undefined,
    ]) {
      if (!pattern) continue
      for (const [piece, offset] of pieces) {
        pattern.lastIndex = 0
        for (let m = pattern.exec(piece); m; m = pattern.exec(piece)) {
          const start = m.index + offset
          const end = start + m[0].length
          if (end > 0 && start < text.length)
            spans.push({ start: Math.max(0, start), end: Math.min(end, text.length) })
        }
      }
    }
    optionSpans(text, spans)
    answerSpans(text, spans)
    const last = text.lastIndexOf('\n', text.length - 2)
    above = text.slice(last + 1, text.length - 1)
    recent = keepRecent(recent + text)
    return applySpans(text, spans)
  }

  /** Puts each line behind its stamp: `stamps` for the first lines, then `rest` for all the others. */
  const stamp = (text: string, stamps: readonly string[], rest: string): string => {
    let out = ''
    let at = 0
    for (const s of stamps) {
      if (at >= text.length) return out
      const end = text.indexOf('\n', at)
      out += `${s}  ${text.slice(at, end + 1)}`
      at = end + 1
    }
    if (at >= text.length) return out
    return `${out}${rest}  ${text.slice(at, -1).replaceAll('\n', `\n${rest}  `)}\n`
  }

  const countLines = (text: string): number => {
    let n = 0
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
    return n
  }

  return {
    push(text, firstAt, restAt, partial) {
      const all = held + text
      if (all.length === 0) return ''
      const stamps = [...heldStamps, firstAt]
      const from = holdPoint(all, partial)
      const ready = all.slice(0, from)
      const readyLines = from === all.length ? Infinity : countLines(ready)
      const out = stamp(redactLines(ready, all.slice(from) + partial), stamps, restAt)
      if (from === all.length) {
        held = ''
        heldStamps = []
      } else {
        held = all.slice(from)
        const heldLines = countLines(held)
        heldStamps = []
        for (let k = 0; k < heldLines; k++) heldStamps.push(stamps[readyLines + k] ?? restAt)
      }
      return out
    },
    flush() {
      if (!held) return ''
      const out = stamp(redactLines(held, ''), heldStamps, heldStamps[heldStamps.length - 1] ?? '')
      held = ''
      heldStamps = []
      return out
    },
    answerAfter(prompt) {
      answerPrompt = prompt
    },
    line(text) {
      const saved = { carry, above, answerPrompt, recent }
      carry = undefined
      answerPrompt = undefined
      recent = ''
      const out = redactLines(`${text}\n`, '').slice(0, -1)
      ;({ carry, above, answerPrompt, recent } = saved)
      return out
    },
    get holding() {
      return held.length > 0
    },
  }
}
