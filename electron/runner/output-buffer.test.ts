import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { OutputBuffer } from './output-buffer'
import { normalise } from '../../shared/lunash/text'
import { variants } from '../../shared/lunash/testing/variants'

const dirs = ['../../shared/lunash/fixtures', '../../shared/vtl/fixtures'].map(
  (d) => new URL(d, import.meta.url).pathname,
)
// Recursive: the corpus of real outputs lives in fixtures/real/<era>/.
const fixtures = dirs.flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const),
)

/** Cuts text at the given points (any character boundary: inside CRLF, escape sequences, words). */
const cut = (text: string, points: number[]): string[] => {
  const at = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b)
  const pieces: string[] = []
  let from = 0
  for (const p of at) {
    pieces.push(text.slice(from, p))
    from = p
  }
  pieces.push(text.slice(from))
  return pieces
}

describe('output split across chunks reads the same as in one piece', () => {
  it('covers every reference fixture', () => {
    expect(fixtures.length).toBeGreaterThan(60)
  })

  for (const [variant, mangle] of Object.entries(variants)) {
    it.each(fixtures)(`${variant}: %s`, (_name, text) => {
      const raw = mangle(text)
      const whole = normalise(raw)
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 40 }), (points) => {
          const buffer = new OutputBuffer()
          for (const piece of cut(raw, points)) buffer.push(piece)
          expect(buffer.text).toBe(whole)
        }),
        { numRuns: 25 },
      )
    })
  }

  it('byte by byte', () => {
    for (const [, text] of fixtures) {
      const raw = variants['serial CRLF with ANSI and stray NUL']?.(text) ?? text
      const buffer = new OutputBuffer()
      for (const ch of raw) buffer.push(ch)
      expect(buffer.text).toBe(normalise(raw))
    }
  })
})
