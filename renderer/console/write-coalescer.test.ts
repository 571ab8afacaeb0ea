import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeCoalescer, type Output } from './write-coalescer'

/** A terminal that parses each write when told to. */
function slowTerminal() {
  const writes: Output[] = []
  const pending: (() => void)[] = []
  return {
    writes,
    write(data: Output, done: () => void) {
      writes.push(data)
      pending.push(done)
    },
    parseOne() {
      pending.shift()?.()
    },
    get busy() {
      return pending.length
    },
  }
}

describe('write coalescer', () => {
  it('writes at once while the terminal keeps up, so an echo is never held', () => {
    const term = slowTerminal()
    const acked: number[] = []
    const c = writeCoalescer({ write: term.write, written: (n) => acked.push(n) })
    c.push('a')
    expect(term.writes).toEqual(['a'])
    term.parseOne()
    c.push('b')
    expect(term.writes).toEqual(['a', 'b'])
    term.parseOne()
    expect(acked).toEqual([1, 1])
  })

  it('merges what queued behind a write in progress, up to the cap, and acknowledges every character', () => {
    const term = slowTerminal()
    const acked: number[] = []
    const c = writeCoalescer({ write: term.write, written: (n) => acked.push(n), maxChars: 10 })
    c.push('first')
    for (const piece of ['abcd', 'efgh', 'ij', 'klmnopqrstuvwxyz', 'z']) c.push(piece)
    expect(term.busy).toBe(1)
    expect(c.queued).toBe(27)
    term.parseOne()
    term.parseOne()
    term.parseOne()
    term.parseOne()
    expect(term.writes).toEqual(['first', 'abcdefghij', 'klmnopqrstuvwxyz', 'z'])
    expect(acked).toEqual([5, 10, 16, 1])
    expect(c.queued).toBe(0)
  })

  it('merges UTF-8 bytes into one write and acknowledges the characters the host counted, not bytes', () => {
    const term = slowTerminal()
    const acked: number[] = []
    const c = writeCoalescer({ write: term.write, written: (n) => acked.push(n) })
    const utf8 = new TextEncoder()
    c.push(utf8.encode('first'), 5)
    c.push(utf8.encode('caf\u00e9 '), 5)
    c.push(utf8.encode('\u{1F512}'), 2)
    c.pushLocal('[Disconnected]')
    while (term.busy) term.parseOne()
    expect(term.writes.map((w) => (typeof w === 'string' ? w : new TextDecoder().decode(w)))).toEqual([
      'first',
      'caf\u00e9 \u{1F512}',
      '[Disconnected]',
    ])
    expect(term.writes[1]).toBeInstanceOf(Uint8Array)
    expect(acked).toEqual([5, 7])
  })

  it("writes the console's own lines in order after the output, without acknowledging them", () => {
    const term = slowTerminal()
    const acked: number[] = []
    const c = writeCoalescer({ write: term.write, written: (n) => acked.push(n) })
    c.push('out1')
    c.push('out2')
    c.pushLocal('[Disconnected]')
    c.push('late')
    while (term.busy) term.parseOne()
    expect(term.writes).toEqual(['out1', 'out2', '[Disconnected]', 'late'])
    expect(acked).toEqual([4, 4, 4])
  })

  it('never drops, reorders or duplicates output, nor merges past the cap, however it arrives and is parsed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ minLength: 1 }), fc.constant('parse')), { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        (steps, maxChars) => {
          const term = slowTerminal()
          let acked = 0
          const c = writeCoalescer({ write: term.write, written: (n) => (acked += n), maxChars })
          let sent = ''
          for (const step of steps) {
            if (step === 'parse') term.parseOne()
            else {
              c.push(step)
              sent += step
            }
          }
          while (term.busy) term.parseOne()
          expect(term.writes.join('')).toBe(sent)
          expect(acked).toBe(sent.length)
          // A write over the cap is a single piece that arrived that large, never a merge.
          for (const w of term.writes) if (w.length > maxChars) expect(steps).toContain(w)
        },
      ),
    )
  })
})
