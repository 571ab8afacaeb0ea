/**
 * Small, surgical edits on a ConfigDocument. Each returns a new document and leaves every line it does not
 * name exactly as it was; a changed line keeps its indentation, spacing around `=`, trailing comment and
 * terminator.
 */
import type { ConfigDocument, Line } from './lines'
import { dominantEol, parseConfig, sameKey } from './lines'

function reparse(doc: ConfigDocument, text: string, eol: Line['eol'], section: string): Line {
  const parsed = parseConfig(text, doc.dialect).lines[0]!
  return { ...parsed, eol, section }
}

/** Indexes of the active (not commented-out) entries for `key`, in file order. */
export function activeEntries(doc: ConfigDocument, key: string): number[] {
  const out: number[] = []
  doc.lines.forEach((l, i) => {
    if (l.kind === 'entry' && l.key !== undefined && sameKey(doc.dialect, l.key, key)) out.push(i)
  })
  return out
}

function commentedPattern(doc: ConfigDocument, key: string): RegExp {
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const marks = doc.dialect === 'ini' ? '[;#]' : '#'
  return new RegExp(`^([ \\t]*)${marks}+[ \\t]*(${k}[ \\t]*=.*)$`, doc.dialect === 'ini' ? 'i' : '')
}

/** The first commented-out `;key=...` / `# key = ...` line, as shipped in templates, or -1. */
export function commentedEntry(doc: ConfigDocument, key: string): number {
  const re = commentedPattern(doc, key)
  return doc.lines.findIndex((l) => l.kind === 'comment' && re.test(l.text))
}

export function valueOf(line: Line): string {
  return line.text.slice(line.valueStart, line.valueEnd)
}

function replaceAt(doc: ConfigDocument, index: number, line: Line): ConfigDocument {
  const lines = doc.lines.slice()
  lines[index] = line
  return { ...doc, lines }
}

export function setValueAt(doc: ConfigDocument, index: number, value: string): ConfigDocument {
  const l = doc.lines[index]!
  if (l.kind !== 'entry' || l.valueStart === undefined || l.valueEnd === undefined)
    throw new Error('not an entry line')
  const text = l.text.slice(0, l.valueStart) + value + l.text.slice(l.valueEnd)
  return replaceAt(doc, index, { ...l, text, valueEnd: l.valueStart + value.length })
}

/** Turns `;TokenName=x` back into `TokenName=<value>`, keeping its indentation and spacing. */
export function uncommentAt(doc: ConfigDocument, index: number, key: string, value: string): ConfigDocument {
  const l = doc.lines[index]!
  const m = commentedPattern(doc, key).exec(l.text)
  if (!m) throw new Error('not a commented-out entry')
  const restored = reparse(doc, m[1]! + m[2]!, l.eol, l.section)
  return setValueAt(replaceAt(doc, index, restored), index, value)
}

/** Disables an entry by prefixing the comment mark (`;` in INI files, `# ` in cfg files). */
export function commentOutAt(doc: ConfigDocument, index: number): ConfigDocument {
  const l = doc.lines[index]!
  const mark = doc.dialect === 'ini' ? ';' : '# '
  return replaceAt(doc, index, { text: mark + l.text, eol: l.eol, kind: 'comment', section: l.section })
}

/** `key=value` in the file's own style: spaces around `=` when its first entry has them. */
export function formatEntry(doc: ConfigDocument, key: string, value: string): string {
  const first = doc.lines.find((l) => l.kind === 'entry')
  const spaced = first ? /[ \t]=|=[ \t]/.test(first.text.slice(0, (first.valueStart ?? 0) + 1)) : false
  return spaced ? `${key} = ${value}` : `${key}=${value}`
}

/**
 * Inserts whole lines after line `index` (-1: at the top). When they go after a last line without a newline,
 * that line gets the file's newline and the new last line goes without one, so the file still ends the way it did.
 */
export function insertLinesAfter(
  doc: ConfigDocument,
  index: number,
  texts: string[],
  section: string,
): ConfigDocument {
  const eol = dominantEol(doc)
  const lines = doc.lines.slice()
  const isLast = index === lines.length - 1
  const prev = index >= 0 ? lines[index] : undefined
  const endsOpen = prev !== undefined && prev.eol === ''
  if (prev && endsOpen) lines[index] = { ...prev, eol }
  const added = texts.map((t, i) => {
    const lastOfAll = isLast && endsOpen && i === texts.length - 1
    return reparse(doc, t, lastOfAll ? '' : eol, section)
  })
  lines.splice(index + 1, 0, ...added)
  return { ...doc, lines }
}

/** The index of the last line that belongs to the section whose header is at `header` (-1: the top-level part). */
export function endOfSection(doc: ConfigDocument, header: number): number {
  let last = header
  for (let i = header + 1; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    if (l.kind === 'section') break
    // Trailing blank lines and comments before the next header belong to the next section visually.
    if (l.kind === 'entry' || l.kind === 'block') last = i
  }
  return last
}
