/**
 * A line-exact model of INI-style files: every line keeps its own text and its own terminator, so rendering
 * an unchanged document gives back the same text, character for character (mixed CRLF/LF, a last line
 * without a newline, odd spacing, comments, unknown and duplicate keys all survive).
 *
 * Two dialects:
 * - 'ini' (cmsslot.ini, Windows profile files): `[section]`, `key=value`, `;` or `#` comments, blank lines.
 *   Keys compare case-insensitively, as GetPrivateProfileString does.
 * - 'cfg' (pkcs11.cfg, the SunPKCS11 provider configuration form): `key = value`, `#` comments (also after a
 *   value), and `{ ... }` blocks (for example `attributes(...) = { ... }`) kept as they are. Keys are case-sensitive.
 */
import { ConfigFileCorruptError } from './codec'

export type Dialect = 'ini' | 'cfg'
export type Eol = '' | '\n' | '\r\n' | '\r'

export interface Line {
  text: string
  eol: Eol
  kind: 'blank' | 'comment' | 'section' | 'entry' | 'block'
  /** The enclosing section for entries ('' before the first section); the section's own name for headers. */
  section: string
  /** For entries: the key as written (trimmed). */
  key?: string
  /** For entries: where the value starts and ends in `text` (spaces around it and a cfg `# comment` excluded). */
  valueStart?: number
  valueEnd?: number
}

export interface ConfigDocument {
  dialect: Dialect
  lines: Line[]
}

export function splitLines(text: string): { text: string; eol: Eol }[] {
  const out: { text: string; eol: Eol }[] = []
  const re = /\r\n|\n|\r/g
  let last = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(last, m.index), eol: m[0] as Eol })
    last = m.index + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last), eol: '' })
  return out
}

export function renderConfig(doc: ConfigDocument): string {
  return doc.lines.map((l) => l.text + l.eol).join('')
}

// Control characters other than tab (and DEL) mean this is not a text line: binary data or a broken encoding.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const INI_SECTION = /^[ \t]*\[([^\]]*)\][ \t]*(?:[;#].*)?$/
const INI_ENTRY = /^([ \t]*)([^=;#[ \t][^=]*?)[ \t]*=([ \t]*)(.*?)[ \t]*$/
const CFG_ENTRY = /^([ \t]*)([A-Za-z_][\w.()*,: \t-]*?)[ \t]*=([ \t]*)(.*)$/

/** Where a cfg value ends: before a `# comment` outside quotes, and before trailing spaces. */
function cfgValueEnd(text: string, start: number): number {
  let inQuote = false
  let end = text.length
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (c === '"') inQuote = !inQuote
    else if (c === '#' && !inQuote) {
      end = i
      break
    }
  }
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
  return end
}

/** Net `{` minus `}` outside quotes and comments. */
function braceDelta(text: string): number {
  let d = 0
  let inQuote = false
  for (const c of text) {
    if (c === '"') inQuote = !inQuote
    else if (inQuote) continue
    else if (c === '#') break
    else if (c === '{') d++
    else if (c === '}') d--
  }
  return d
}

function describe(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}

/** Parses the decoded text. Throws ConfigFileCorruptError naming the first line that is not valid. */
export function parseConfig(text: string, dialect: Dialect, fileName = 'The file'): ConfigDocument {
  const lines: Line[] = []
  let section = ''
  let depth = 0
  const raw = splitLines(text)
  raw.forEach(({ text: t, eol }, i) => {
    const n = i + 1
    const entry = (key: string, valueStart: number, valueEnd: number): void =>
      void lines.push({ text: t, eol, kind: 'entry', section, key: key.trim(), valueStart, valueEnd })
    const bad = CONTROL.exec(t)
    if (bad)
      throw new ConfigFileCorruptError(
        n,
        `holds binary data (control character ${describe(bad[0])} at column ${bad.index + 1})`,
        fileName,
      )
    if (/^[ \t]*$/.test(t)) {
      lines.push({ text: t, eol, kind: depth > 0 ? 'block' : 'blank', section })
      return
    }
    if (dialect === 'ini') {
      if (/^[ \t]*[;#]/.test(t)) return void lines.push({ text: t, eol, kind: 'comment', section })
      const s = INI_SECTION.exec(t)
      if (s) {
        section = s[1]!.trim()
        return void lines.push({ text: t, eol, kind: 'section', section })
      }
      if (/^[ \t]*\[/.test(t))
        throw new ConfigFileCorruptError(
          n,
          'starts a [section] header but does not close it with ]',
          fileName,
        )
      const e = INI_ENTRY.exec(t)
      if (e) {
        const valueStart = e[1]!.length + t.slice(e[1]!.length).indexOf('=') + 1 + e[3]!.length
        return void entry(e[2]!, valueStart, valueStart + e[4]!.length)
      }
      throw new ConfigFileCorruptError(
        n,
        'is neither a [section] header, a key=value pair, a comment (; or #) nor blank',
        fileName,
      )
    }
    // cfg dialect
    if (depth > 0) {
      depth += braceDelta(t)
      if (depth < 0) throw new ConfigFileCorruptError(n, 'closes a { block } that was never opened', fileName)
      return void lines.push({ text: t, eol, kind: 'block', section })
    }
    if (/^[ \t]*#/.test(t)) return void lines.push({ text: t, eol, kind: 'comment', section })
    if (/^[ \t]*\{/.test(t)) {
      // The `{` of a block whose `key =` is on the line above.
      depth += braceDelta(t)
      return void lines.push({ text: t, eol, kind: 'block', section })
    }
    const e = CFG_ENTRY.exec(t)
    if (e) {
      const eq = e[1]!.length + t.slice(e[1]!.length).indexOf('=')
      const valueStart = eq + 1 + e[3]!.length
      const delta = braceDelta(t.slice(eq + 1))
      if (delta < 0) throw new ConfigFileCorruptError(n, 'closes a { block } that was never opened', fileName)
      depth += delta
      return void entry(e[2]!, valueStart, cfgValueEnd(t, valueStart))
    }
    if (/^[ \t]*\}/.test(t))
      throw new ConfigFileCorruptError(n, 'closes a { block } that was never opened', fileName)
    throw new ConfigFileCorruptError(
      n,
      'is neither a key = value line, a # comment, a { block } nor blank',
      fileName,
    )
  })
  if (depth > 0)
    throw new ConfigFileCorruptError(
      raw.length,
      'ends the file inside a { block } that is never closed',
      fileName,
    )
  return { dialect, lines }
}

export function sameKey(dialect: Dialect, a: string, b: string): boolean {
  return dialect === 'ini' ? a.toLowerCase() === b.toLowerCase() : a === b
}

/** The terminator new lines get: the first one the file uses, or CRLF (these are Windows files). */
export function dominantEol(doc: ConfigDocument): Exclude<Eol, ''> {
  for (const l of doc.lines) if (l.eol) return l.eol
  return '\r\n'
}
