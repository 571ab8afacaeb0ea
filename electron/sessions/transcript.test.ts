import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSecretsForTests, registerSecret } from '../vault/redact'
import { openTranscript } from './transcript'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-transcript-unit-'))
})
afterEach(() => {
  clearSecretsForTests()
  rmSync(dir, { recursive: true, force: true })
})

/** A clock that moves one second per output call, so each line's stamp names the chunk it began in. */
function steppingClock(): { now: () => Date; tick(): void } {
  let t = Date.UTC(2026, 10, 28, 12, 0, 0)
  return { now: () => new Date(t), tick: () => (t += 1000) }
}

/** The recorded lines without the header, as [stamp second, text]. */
function recorded(): [number, string][] {
  const [file] = readdirSync(dir)
  const body = readFileSync(join(dir, file!), 'utf8').split('\n').slice(2, -1)
  return body.map((line) => {
    const m = /^2026-11-28T12:00:(\d\d)\.000Z {2}(.*)$/s.exec(line)
    if (!m) throw new Error(`not a transcript line: ${JSON.stringify(line)}`)
    return [Number(m[1]), m[2]!]
  })
}

function record(chunks: string[]): [number, string][] {
  const clock = steppingClock()
  const t = openTranscript({ dir, title: 'unit', now: clock.now })
  for (const chunk of chunks) {
    t.output(chunk)
    clock.tick()
  }
  t.close()
  return recorded()
}

describe('transcript lines', () => {
  it('stamps each line with the time its first character arrived, across chunk boundaries', () => {
    expect(
      record(['lunash:>hsm show\r\nSerial Num', 'ber: 1234\r\n\r\nFirmware: 7.8', '.4\r\nlunash:>']),
    ).toEqual([
      [0, 'lunash:>hsm show'],
      [0, 'Serial Number: 1234'],
      [1, ''],
      [1, 'Firmware: 7.8.4'],
      [2, 'lunash:>'],
    ])
  })

  it('strips escape sequences, also one cut between two chunks, and applies backspaces', () => {
    expect(record(['\x1b[32mok\x1b[', '0m done\r\n', 'pasw\bsword\x7f\x7frd: x\r\n'])).toEqual([
      [0, 'ok done'],
      [2, 'password: x'],
    ])
  })

  it('records any chunking of the same output as the same lines, each stamped by its first chunk', () => {
    const line = fc.stringMatching(/^[a-z0-9 :>=.-]{0,12}$/)
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(400), { maxLength: 8 }),
        (lines, cuts) => {
          for (const f of readdirSync(dir)) rmSync(join(dir, f))
          const text = lines.join('\r\n') + '\r\n'
          const at = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b)
          const chunks = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length)).filter(Boolean)
          // Where each line's first character (for an empty line, its \n: the \r is not recorded) is in the
          // text, and so which chunk (= which second) it began in.
          const chunkEnds = chunks.map((_, i) => chunks.slice(0, i + 1).join('').length)
          const chunkOf = (pos: number) => chunkEnds.findIndex((end) => pos < end)
          let start = 0
          const expected = lines.map((l): [number, string] => {
            const entry: [number, string] = [chunkOf(l ? start : start + 1), l]
            start += l.length + 2
            return entry
          })
          expect(record(chunks)).toEqual(expected)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('redacts registered secrets and what was typed at a password prompt, however the output is cut', () => {
    registerSecret('Keych4in-Secret')
    const clock = steppingClock()
    const t = openTranscript({ dir, title: 'unit', now: clock.now })
    t.output('Password: ')
    t.input('Typ3d\r')
    t.output('\r\necho Keych4in-Secret Typ3d\r\nKeych4in-')
    t.output('Secret\r\n')
    t.close()
    const text = recorded().map(([, l]) => l)
    expect(text).toEqual(['Password: ', 'echo [redacted] [redacted]', '[redacted]'])
  })
})

describe('a console reconnected by the host', () => {
  it('goes on in the same file: the header once, a line saying a new connection begins, nothing lost', () => {
    const clock = steppingClock()
    const first = openTranscript({ dir, title: 'Rack 7', now: clock.now })
    first.output('lunash:>hsm show\r\nSerial Number: 1234\r\nlunash:>')
    first.note('Connection to 10.0.0.7:22 lost: read ECONNRESET')
    first.close()
    clock.tick()
    const second = openTranscript({ dir, title: 'Rack 7', continues: first.path, now: clock.now })
    second.output('lunash:>hsm show\r\n')
    second.close()

    expect(second.path).toBe(first.path)
    expect(readdirSync(dir)).toHaveLength(1)
    const text = readFileSync(first.path, 'utf8')
    expect(text.match(/^# Rackside transcript/gm)).toHaveLength(1)
    expect(recorded()).toEqual([
      [0, 'lunash:>hsm show'],
      [0, 'Serial Number: 1234'],
      [0, 'lunash:>'],
      [0, '-- Connection to 10.0.0.7:22 lost: read ECONNRESET'],
      [1, '-- A new connection of the same console: Rack 7'],
      [1, 'lunash:>hsm show'],
    ])
  })

  it('starts a file of its own when asked to continue one outside the transcripts folder', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'rackside-transcript-elsewhere-'))
    try {
      const t = openTranscript({ dir, title: 'unit', continues: join(elsewhere, 'x.log') })
      t.close()
      expect(t.path.startsWith(dir)).toBe(true)
      expect(readdirSync(elsewhere)).toEqual([])
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })
})
