/**
 * Text encodings of the small Windows configuration files CMS reads (cmsslot.ini, pkcs11.cfg), decoded and
 * encoded by hand so that a file that is not changed comes back byte for byte, and a file that cannot be
 * decoded is refused with the line where it breaks (never repaired with U+FFFD).
 *
 * Supported: UTF-8 with or without a BOM, UTF-16LE and UTF-16BE with a BOM, and a legacy 8-bit file
 * (a Windows "ANSI" file that is not valid UTF-8), kept one byte per character so it round-trips exactly.
 */

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | '8-bit'

export interface DecodedText {
  encoding: FileEncoding
  /** The file starts with a byte order mark (always true for UTF-16). */
  bom: boolean
  /** The text after the BOM. */
  text: string
}

/** The file is not a text file we can edit safely. `line` is 1-based. */
export class ConfigFileCorruptError extends Error {
  readonly line: number
  readonly reason: string
  constructor(line: number, reason: string, fileName = 'The file') {
    super(
      `${fileName} cannot be edited safely: line ${line} ${reason}. Rackside left the file unchanged; ` +
        'correct that line in a text editor or replace the file with a good copy, then try again.',
    )
    this.name = 'ConfigFileCorruptError'
    this.line = line
    this.reason = reason
  }
}

/** A character the file's encoding cannot hold (for example a non-Latin label in an 8-bit file). */
export class UnencodableTextError extends Error {
  constructor(encoding: FileEncoding, codePoint: number) {
    super(
      `The new value contains the character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}, ` +
        `which this ${encoding} file cannot hold. Use only plain ASCII characters in the value.`,
    )
    this.name = 'UnencodableTextError'
  }
}

/** 1-based line number of the byte at `offset`, counting LF (or 0x0A 0x00 in UTF-16LE) before it. */
function lineAt(bytes: Uint8Array, offset: number, unit: 1 | 2, littleEndian = true): number {
  let line = 1
  for (let i = 0; i + unit <= offset; i += unit) {
    const code =
      unit === 1
        ? bytes[i]
        : littleEndian
          ? bytes[i]! | (bytes[i + 1]! << 8)
          : (bytes[i]! << 8) | bytes[i + 1]!
    if (code === 0x0a) line++
  }
  return line
}

/** Strict UTF-8: rejects overlong forms, surrogates, code points above U+10FFFF and truncated sequences. */
function decodeUtf8(bytes: Uint8Array, start: number): { text: string } | { badOffset: number } {
  const parts: string[] = []
  let chunk: number[] = []
  const flush = (): void => {
    if (chunk.length) parts.push(String.fromCharCode(...chunk))
    chunk = []
  }
  let i = start
  while (i < bytes.length) {
    const b0 = bytes[i]!
    let cp: number
    let len: number
    if (b0 < 0x80) {
      cp = b0
      len = 1
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2
      cp = b0 & 0x1f
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      len = 3
      cp = b0 & 0x0f
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      len = 4
      cp = b0 & 0x07
    } else return { badOffset: i }
    if (i + len > bytes.length) return { badOffset: i }
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k]!
      if ((b & 0xc0) !== 0x80) return { badOffset: i }
      cp = (cp << 6) | (b & 0x3f)
    }
    if (
      (len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (len === 4 && (cp < 0x10000 || cp > 0x10ffff))
    )
      return { badOffset: i }
    if (cp > 0xffff) {
      const v = cp - 0x10000
      chunk.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff))
    } else chunk.push(cp)
    if (chunk.length > 4096) flush()
    i += len
  }
  flush()
  return { text: parts.join('') }
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, fileName: string): string {
  const body = bytes.length - 2
  if (body % 2 !== 0)
    throw new ConfigFileCorruptError(
      lineAt(bytes.subarray(2), body - 1, 2, littleEndian),
      'ends in the middle of a UTF-16 character (the file has an odd number of bytes)',
      fileName,
    )
  const units: number[] = []
  const parts: string[] = []
  for (let i = 2; i < bytes.length; i += 2) {
    const u = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!
    units.push(u)
    if (units.length > 4096 && !(u >= 0xd800 && u <= 0xdbff)) {
      parts.push(String.fromCharCode(...units))
      units.length = 0
    }
  }
  parts.push(String.fromCharCode(...units))
  const text = parts.join('')
  // A lone surrogate cannot be written back; refuse rather than guess.
  const bad = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text)
  if (bad) {
    const line = text.slice(0, bad.index).split('\n').length
    throw new ConfigFileCorruptError(
      line,
      'holds an invalid UTF-16 character (an unpaired surrogate)',
      fileName,
    )
  }
  return text
}

/** Mostly ASCII text with a zero byte after (or before) every character: UTF-16 that lost its BOM. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length - (bytes.length % 2), 512)
  if (n < 4) return false
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++
    if (bytes[i + 1] === 0) oddZeros++
  }
  const pairs = n / 2
  return (oddZeros > pairs * 0.9 && evenZeros === 0) || (evenZeros > pairs * 0.9 && oddZeros === 0)
}

/**
 * Decodes a configuration file. Throws ConfigFileCorruptError (with the line) when the bytes are not text in
 * a supported encoding. Binary content that happens to decode is caught later, line by line, by the parser.
 */
export function decodeConfigText(bytes: Uint8Array, fileName = 'The file'): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: 'utf-16le', bom: true, text: decodeUtf16(bytes, true, fileName) }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: 'utf-16be', bom: true, text: decodeUtf16(bytes, false, fileName) }
  if (looksLikeUtf16WithoutBom(bytes))
    throw new ConfigFileCorruptError(
      1,
      'looks like UTF-16 text without a byte order mark, which cannot be read reliably; save the file as "Unicode" (UTF-16 with BOM) or UTF-8',
      fileName,
    )
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const utf8 = decodeUtf8(bytes, bom ? 3 : 0)
  if ('text' in utf8) return { encoding: 'utf-8', bom, text: utf8.text }
  if (bom)
    throw new ConfigFileCorruptError(
      lineAt(bytes, utf8.badOffset, 1),
      'is not valid UTF-8 although the file starts with a UTF-8 byte order mark',
      fileName,
    )
  // No BOM and not UTF-8: a legacy 8-bit file. One character per byte, so it round-trips exactly.
  let text = ''
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return { encoding: '8-bit', bom: false, text }
}

export function encodeConfigText(decoded: DecodedText): Uint8Array {
  const { encoding, bom, text } = decoded
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const out = new Uint8Array(2 + text.length * 2)
    const le = encoding === 'utf-16le'
    out[0] = le ? 0xff : 0xfe
    out[1] = le ? 0xfe : 0xff
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i)
      out[2 + i * 2] = le ? u & 0xff : u >> 8
      out[3 + i * 2] = le ? u >> 8 : u & 0xff
    }
    return out
  }
  if (encoding === '8-bit') {
    const out = new Uint8Array(text.length)
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c > 0xff) throw new UnencodableTextError(encoding, c)
      out[i] = c
    }
    return out
  }
  const bytes: number[] = bom ? [0xef, 0xbb, 0xbf] : []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp >= 0xd800 && cp <= 0xdfff) throw new UnencodableTextError(encoding, cp)
    if (cp < 0x80) bytes.push(cp)
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f))
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
    else
      bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
  }
  return Uint8Array.from(bytes)
}
