/**
 * Unknown lines inserted anywhere in a real output never change what the HSM and partition parsers report.
 * A parser may set such a line aside (`unrecognised`, `other`) or refuse the whole output; it may not read it as
 * a fact, nor let it change a fact read from the rest.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { corpusOf, sectionName, type CorpusSection } from '../fixtures/real/corpus'
import { parserOf, PARSERS } from '../fixtures/real/parsers-hsm-partition'
import type { ParseError, Result } from '../result'

/**
 * Words that open or fill a line these parsers know (section headings, table headings and value columns, success
 * and policy sentences, banners). An unknown line is printable text without them, without `:` (a `Key: value`
 * line is a known shape, kept in `other`) and without digits (table rows and versions are digits).
 */
const KNOWN_WORDS = new Set(
  [
    'partition',
    'partitions',
    'storage',
    'description',
    'following',
    'changing',
    'successful',
    'policy',
    'now',
    'shell',
    'there',
    'allowed',
    'disallowed',
    'true',
    'false',
    'yes',
    'no',
    'on',
    'off',
    'enabled',
    'disabled',
  ].map((w) => w.toLowerCase()),
)

const word = fc.stringMatching(/^[A-Za-z.,!?'()&*/-]{1,12}$/)
const unknownLine = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.array(word, { minLength: 1, maxLength: 6 }))
  .map(([indent, words]) => `${' '.repeat(indent)}${words.join(' ')}`)
  .filter((line) =>
    line
      .trim()
      .split(/\s+/)
      .every((w) => !KNOWN_WORDS.has(w.replace(/[^A-Za-z]/g, '').toLowerCase())),
  )

/** What a parser claims about the appliance: its result without the lines it set aside. */
function claims(result: Result<unknown, ParseError>): unknown {
  if (!result.ok) return undefined
  const value = result.value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  // `messages` are the appliance's sentences, joined with any indented line under them; the error itself is
  // the command, code and name.
  const {
    other: _other,
    unrecognised: _unrecognised,
    messages: _messages,
    ...rest
  } = value as Record<string, unknown>
  return rest
}

function insert(text: string, at: number, line: string): string {
  const lines = text.split('\n')
  lines.splice(at % (lines.length + 1), 0, line)
  return lines.join('\n')
}

const readable = Object.keys(PARSERS)
  .flatMap((command) => corpusOf(command))
  .filter((s: CorpusSection) => parserOf(s)(s.text).ok)

describe('unknown lines never change the facts of a corpus output', () => {
  it('has outputs to try', () => {
    expect(readable.length).toBeGreaterThan(30)
  })

  it.each(readable.map((s) => [sectionName(s), s] as const))('%s', (_name, s) => {
    const parse = parserOf(s)
    const before = claims(parse(s.text))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), unknownLine), { minLength: 1, maxLength: 3 }), (insertions) => {
        const text = insertions.reduce((t, [at, line]) => insert(t, at, line), s.text)
        const after = parse(text)
        // Refusing is allowed; reading something else is not.
        if (after.ok) expect(claims(after)).toEqual(before)
      }),
      { numRuns: 60 },
    )
  })
})
