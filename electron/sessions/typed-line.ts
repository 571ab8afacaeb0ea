/**
 * What the operator is typing, rebuilt from their keystrokes the way a line editor (lunash's, readline) would:
 * printable characters at the cursor, Backspace and Delete, the arrows, Home/End, Ctrl-A/E/B/F, Ctrl-U/K/W,
 * Ctrl-C. Bracketed-paste markers (`ESC [200~` … `ESC [201~`) and other escape sequences carry no characters.
 * The transcript reads a secret from here before the echo of it reaches the screen, and the echo may come back
 * wrapped at the terminal's edge or masked; the keystrokes are the one unwrapped copy.
 *
 * History (up/down, Ctrl-P/N/R) and Tab completion put text on the line that the keystrokes do not show:
 * the line is then `exact: false`, and the transcript relies on what the screen echoes.
 */

export interface TypedLine {
  /** Feeds keystrokes; returns the lines they ended (with Enter), as typed. */
  feed(data: string): string[]
  /** The line typed so far (no Enter yet). */
  readonly current: string
  /** Whether `current` is all there is on the line (no history recall or completion was used). */
  readonly exact: boolean
  /** Ctrl-C (or Ctrl-D on an empty line) dropped a line: its text, once; undefined otherwise. */
  takeAbandoned(): string | undefined
  /** Forgets the line (a question appeared: what is typed next is its answer). */
  reset(): void
}

/** CSI (ESC [ … final), SS3 (ESC O x), or ESC + one character (Alt-key). */
// eslint-disable-next-line no-control-regex -- escape sequences are what this reads
const ESCAPE = /^\x1b(?:\[([0-9;?]*)([ -/]*)([@-~])|O(.)|(.))?/s
/** The start of an escape sequence that the next chunk completes. */
// eslint-disable-next-line no-control-regex -- escape sequences are what this reads
const UNFINISHED = /^\x1b(?:\[[0-9;?]*[ -/]*|O)?$/

export function typedLine(): TypedLine {
  let chars: string[] = []
  let cursor = 0
  let exact = true
  let abandoned: string | undefined
  /** An escape sequence cut between two chunks of input. */
  let pendingEscape = ''

  const clear = (): void => {
    chars = []
    cursor = 0
    exact = true
  }

  const escape = (params: string, final: string): void => {
    if (final === '~') {
      if (params === '200' || params === '201') return // bracketed paste: the text between is typed text
      if (params === '3') chars.splice(cursor, 1)
      else if (params === '1' || params === '7') cursor = 0
      else if (params === '4' || params === '8') cursor = chars.length
      return
    }
    if (final === 'D') cursor = Math.max(0, cursor - 1)
    else if (final === 'C') cursor = Math.min(chars.length, cursor + 1)
    else if (final === 'H') cursor = 0
    else if (final === 'F') cursor = chars.length
    else if (final === 'A' || final === 'B') exact = false // history
  }

  return {
    feed(data) {
      const ended: string[] = []
      const text = pendingEscape + data
      pendingEscape = ''
      let i = 0
      while (i < text.length) {
        const ch = text[i]!
        if (ch === '\x1b') {
          const rest = text.slice(i, i + 64)
          // Cut at the end of this chunk: wait for the rest.
          if (UNFINISHED.test(rest)) {
            pendingEscape = rest
            break
          }
          const m = ESCAPE.exec(rest)!
          if (text[i + 1] === '[' && !m[3]) {
            i += 2 // not a sequence after all: drop the ESC [
            continue
          }
          if (m[3]) escape(m[1] ?? '', m[3])
          else if (m[4] === 'H') cursor = 0
          else if (m[4] === 'F') cursor = chars.length
          else if (m[4] === 'D') cursor = Math.max(0, cursor - 1)
          else if (m[4] === 'C') cursor = Math.min(chars.length, cursor + 1)
          else if (m[4] === 'A' || m[4] === 'B') exact = false
          else if (m[5] === '\x7f' || m[5] === '\b') {
            // Alt-Backspace: rub out a word
            let to = cursor
            while (to > 0 && chars[to - 1] === ' ') to--
            while (to > 0 && chars[to - 1] !== ' ') to--
            chars.splice(to, cursor - to)
            cursor = to
          }
          i += m[0].length
          continue
        }
        i++
        switch (ch) {
          case '\r':
          case '\n':
            // CRLF from a paste is one Enter
            if (ch === '\n' && text[i - 2] === '\r') break
            ended.push(chars.join(''))
            clear()
            break
          case '\x03':
            if (chars.length > 0) abandoned = chars.join('')
            clear()
            break
          case '\x04':
            if (chars.length === 0) clear()
            else chars.splice(cursor, 1)
            break
          case '\x7f':
          case '\b':
            if (cursor > 0) chars.splice(--cursor, 1)
            break
          case '\x01':
            cursor = 0
            break
          case '\x05':
            cursor = chars.length
            break
          case '\x02':
            cursor = Math.max(0, cursor - 1)
            break
          case '\x06':
            cursor = Math.min(chars.length, cursor + 1)
            break
          case '\x15':
            chars.splice(0, cursor)
            cursor = 0
            break
          case '\x0b':
            chars.splice(cursor)
            break
          case '\x17': {
            let to = cursor
            while (to > 0 && chars[to - 1] === ' ') to--
            while (to > 0 && chars[to - 1] !== ' ') to--
            chars.splice(to, cursor - to)
            cursor = to
            break
          }
          case '\t':
          case '\x10':
          case '\x0e':
          case '\x12':
            exact = false // completion, history, history search
            break
          default:
            if (ch >= ' ') chars.splice(cursor++, 0, ch)
        }
      }
      return ended
    },
    get current() {
      return chars.join('')
    },
    get exact() {
      return exact
    },
    takeAbandoned() {
      const a = abandoned
      abandoned = undefined
      return a
    },
    reset() {
      clear()
    },
  }
}
