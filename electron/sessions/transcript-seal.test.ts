import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSecretsForTests } from '../vault/redact'
import { openTranscript } from './transcript'
import { verifySeals } from './transcript-seal'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-seal-unit-'))
})
afterEach(() => {
  clearSecretsForTests()
  rmSync(dir, { recursive: true, force: true })
})

function clock(): { now: () => Date; advance(ms: number): void } {
  let t = Date.UTC(2026, 10, 29, 9, 0, 0)
  return { now: () => new Date(t), advance: (ms) => (t += ms) }
}

/** A short session: output, a step's outcome noted, more output, closed. */
function session(): { path: string; bytes: Buffer } {
  const c = clock()
  const t = openTranscript({ dir, title: 'Rack 7', now: c.now })
  t.output('lunash:>hsm show\r\nSerial Number: 1234\r\nlunash:>')
  c.advance(1000)
  t.note('Step hsm.show done: read back serial 1234')
  t.output('sysconf time\r\nTue Nov 29 09:00:01 UTC 2026\r\nlunash:>')
  t.close()
  return { path: t.path, bytes: readFileSync(t.path) }
}

const lines = (bytes: Buffer) => bytes.toString('utf8').split('\n')

describe('a sealed transcript', () => {
  it('is sealed after each note and at the end, and every seal vouches for all above it', () => {
    const { bytes } = session()
    const text = lines(bytes)
    const sealAt = text.flatMap((l, i) => (l.startsWith('#= sealed ') ? [i] : []))
    expect(sealAt).toHaveLength(2)
    // The note is the line just above the first seal; the closing seal is the last line.
    expect(text[sealAt[0]! - 1]).toMatch(/ {2}-- Step hsm\.show done/)
    expect(sealAt[1]).toBe(text.length - 2)
    const check = verifySeals(bytes)
    expect(check).toEqual({ seals: 2, lastSeal: expect.any(Object), unsealedLines: 0 })
    const above = bytes.subarray(0, bytes.lastIndexOf('#= sealed '))
    expect(check.lastSeal?.digest).toBe(createHash('sha256').update(above).digest('hex'))
    expect(check.lastSeal?.line).toBe(text.length - 1)
  })

  it('any changed byte above the last seal breaks a seal, and the break names the lines that hold it', () => {
    const { bytes } = session()
    // Nothing vouches for the last seal line or the line break before it: spoiling either makes the last seal
    // an ordinary line, which is cutting the record (see the module's note on anchoring).
    const lastSeal = bytes.lastIndexOf('#= sealed ')
    fc.assert(
      fc.property(fc.nat(lastSeal - 2), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const changed = Buffer.from(bytes)
        changed[at] = (changed[at]! + delta) % 256
        const check = verifySeals(changed)
        expect(check.broken).toBeDefined()
        const changedLine = bytes.subarray(0, at).toString('latin1').split('\n').length
        expect(changedLine).toBeGreaterThanOrEqual(check.broken!.from)
        expect(changedLine).toBeLessThanOrEqual(check.broken!.line)
      }),
      { numRuns: 300 },
    )
  })

  it('a line taken out is found', () => {
    const { bytes } = session()
    const text = lines(bytes)
    const without = text.filter((l) => !l.includes('Serial Number: 1234')).join('\n')
    const check = verifySeals(Buffer.from(without))
    expect(check.broken).toMatchObject({ from: 1, reason: /not the text it sealed/ })
    expect(check.seals).toBe(0)
  })

  it('a session that never closed (a crash) keeps its seals; the lines after the last are reported unsealed', () => {
    const c = clock()
    const t = openTranscript({ dir, title: 'Rack 7', now: c.now })
    t.output('lunash:>hsm show\r\n')
    t.note('Step hsm.show done')
    t.output('lunash:>partition list\r\nPartition 1\r\nlunash:>')
    // No close: the process died here. The half line at the prompt is lost, as it always was.
    const check = verifySeals(readFileSync(t.path))
    expect(check).toMatchObject({ seals: 1, unsealedLines: 2 })
    expect(check.broken).toBeUndefined()
  })

  it('while output flows it is sealed once a minute, with no note needed', () => {
    const c = clock()
    const t = openTranscript({ dir, title: 'Rack 7', now: c.now })
    for (let s = 0; s < 150; s++) {
      t.output(`line ${s}\r\n`)
      c.advance(1000)
    }
    const text = lines(readFileSync(t.path))
    expect(text.filter((l) => l.startsWith('#= sealed ')).map((l) => l.slice(10, 34))).toEqual([
      '2026-11-29T09:01:00.000Z',
      '2026-11-29T09:02:00.000Z',
    ])
    t.close()
  })

  it('a console that goes on in the same file keeps one chain across both connections', () => {
    const c = clock()
    const first = openTranscript({ dir, title: 'Rack 7', now: c.now })
    first.output('lunash:>hsm show\r\n')
    first.note('Connection lost')
    first.close()
    const second = openTranscript({ dir, title: 'Rack 7', continues: first.path, now: c.now })
    second.output('lunash:>hsm show\r\n')
    second.close()
    const bytes = readFileSync(first.path)
    // The first connection's close had nothing new to seal after its note; the second's close seals both.
    expect(verifySeals(bytes)).toMatchObject({ seals: 2, unsealedLines: 0 })
    // The first connection's lines are still covered by the second's seals.
    const edited = Buffer.from(bytes.toString('utf8').replace('Connection lost', 'Connection LOST'))
    expect(verifySeals(edited).broken).toMatchObject({ from: 1, line: 6 })
  })

  it('a seal line cut off mid-write is part of the unsealed tail, and a malformed one is a break', () => {
    const { bytes } = session()
    const cut = bytes.subarray(0, bytes.length - 20)
    // After the first seal: two output lines, the prompt line ended at close, and the cut seal.
    expect(verifySeals(cut)).toMatchObject({ seals: 1, unsealedLines: 4 })
    expect(verifySeals(cut).broken).toBeUndefined()
    const forged = Buffer.concat([bytes, Buffer.from('#= sealed yesterday sha256:abc\n')])
    expect(verifySeals(forged).broken).toMatchObject({ reason: /not well-formed/ })
  })

  it('a note after close (a step that ended with the link) is added and sealed, unless the file went on', () => {
    const c = clock()
    const t = openTranscript({ dir, title: 'Rack 7', now: c.now })
    t.output('lunash:>network domain example.org\r\n')
    t.note('Connection closed by the appliance.')
    t.close()
    t.note('Ran step "Set the domain name" (network.domain): unknown.')
    const bytes = readFileSync(t.path)
    expect(lines(bytes).at(-3)).toMatch(/ {2}-- Ran step "Set the domain name"/)
    expect(verifySeals(bytes)).toMatchObject({ seals: 2, unsealedLines: 0 })
    // The console's next connection goes on in the file: a late note of the old one would split the chain.
    const next = openTranscript({ dir, title: 'Rack 7', continues: t.path, now: c.now })
    next.output('lunash:>\r\n')
    t.note('too late')
    next.close()
    const after = readFileSync(t.path)
    expect(after.includes('too late')).toBe(false)
    expect(verifySeals(after)).toMatchObject({ seals: 3, unsealedLines: 0 })
    // A record deleted meanwhile is not begun again by a late note.
    rmSync(t.path)
    next.note('after the file went')
    expect(existsSync(t.path)).toBe(false)
  })

  it('a transcript from before seals has none, and all its lines are unsealed', () => {
    const old = Buffer.from('# Rackside transcript: Rack 7\n2026-11-20T10:00:00.000Z  lunash:>\n')
    expect(verifySeals(old)).toEqual({ seals: 0, unsealedLines: 2 })
  })
})
