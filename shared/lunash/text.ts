/**
 * Terminal text as a parser wants it: no escape sequences, no CR, backspaces applied, one `\n` per line.
 * The runner and every parser use this, so a transcript captured from serial (CRLF, VT-100 codes,
 * repainted lines) reads the same as one from SSH.
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character ESC sequences (ESC ( B, ESC =, ...).
// eslint-disable-next-line no-control-regex -- stripping control sequences is the point
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g
// C0 controls other than BS, TAB, LF, CR; and DEL. (CSI in its 8-bit form, U+009B, is rare enough to drop too.)
// eslint-disable-next-line no-control-regex -- idem
const CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f\x9b]/g

export function normalise(raw: string): string {
  const text = raw.replace(ESCAPES, '').replace(CONTROLS, '').replace(/\r+\n/g, '\n')
  if (!/[\r\b]/.test(text)) return text
  return text.split('\n').map(renderLine).join('\n')
}

/** What a terminal shows for one line: CR returns to column 0 and overwrites, BS moves left and erases. */
function renderLine(line: string): string {
  const cells: string[] = []
  let col = 0
  for (const ch of line) {
    if (ch === '\r') col = 0
    else if (ch === '\b') {
      if (col > 0) col--
      // Echoed erase is "\b \b"; treating BS as erase too keeps a half-received sequence readable.
      if (col === cells.length - 1) cells.pop()
    } else {
      cells[col] = ch
      col++
    }
  }
  return cells.join('')
}

/** Lines of normalised text, with trailing spaces removed. */
export function lines(raw: string): string[] {
  return normalise(raw)
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
}
