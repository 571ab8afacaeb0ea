import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSecretsForTests, redact, registerSecret } from '../vault/redact'
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

/** The recorded lines without the header and the seals, as [stamp second, text]. */
function recorded(): [number, string][] {
  const [file] = readdirSync(dir)
  const body = readFileSync(join(dir, file!), 'utf8')
    .split('\n')
    .slice(0, -1)
    .filter((line) => !line.startsWith('#'))
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
    expect(record(['\x1b[32mok\x1b[', '0m done\r\n', 'stt\batuxx\x7f\x7fs: up\r\n'])).toEqual([
      [0, 'ok done'],
      [2, 'status: up'],
    ])
  })

  it('records any chunking of the same output as the same lines, each stamped by its first chunk', () => {
    // No '-': an option such as `-pw x` is a secret on a command line (tested below).
    const line = fc.stringMatching(/^[a-z0-9 :>=.]{0,12}$/)
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

describe('secrets typed the way lunash asks for them', () => {
  /** Plays a console: each item is output from the appliance, or { typed } for what the operator typed. */
  function session(steps: (string | { typed: string })[]): string[] {
    const t = openTranscript({ dir, title: 'unit', now: steppingClock().now })
    for (const step of steps)
      if (typeof step === 'string') t.output(step)
      else t.input(step.typed)
    t.close()
    return recorded().map(([, text]) => text)
  }

  it('learns an answer typed after `> ` on the line below the question, echoed as asterisks', () => {
    const typed = 'S0-Adm1n-Pw'
    const lines = session([
      'lunash:>hsm init -label rack7\r\n\r\nPlease enter a password for the HSM Administrator:\r\n> ',
      ...[...typed].flatMap((ch) => [{ typed: ch }, '*']),
      { typed: '\r' },
      '\r\n\r\nPlease enter a cloning domain to use for initializing this HSM:\r\n> ',
      { typed: 'rack7-Domain\r' },
      '************\r\n',
      `lunash:>echo ${typed} rack7-Domain\r\n${typed} rack7-Domain\r\nlunash:>`,
    ])
    expect(lines).toEqual([
      'lunash:>hsm init -label rack7',
      '',
      'Please enter a password for the HSM Administrator:',
      '> ***********',
      '',
      'Please enter a cloning domain to use for initializing this HSM:',
      '> ************',
      'lunash:>echo [redacted] [redacted]',
      '[redacted] [redacted]',
      'lunash:>',
    ])
    // Known to the whole process from then on, not only to this transcript.
    expect(redact(`pw ${typed}`)).toBe('pw [redacted]')
  })

  it('learns an answer the line echoes as typed (a serial console with local echo)', () => {
    const lines = session([
      'login: admin\r\nPassword: ',
      ...[...'Hunt3r-22'].flatMap((ch) => [{ typed: ch }, ch]),
      { typed: '\r' },
      '\r\nLast login: today\r\n',
    ])
    expect(lines).toEqual(['login: admin', 'Password: [redacted]', 'Last login: today'])
  })

  it('keeps an ordinary answer after `> ` (proceed) as typed', () => {
    const lines = session([
      "Type 'proceed' to initialize the HSM, or 'quit'\r\nto quit now.\r\n> ",
      { typed: 'proceed\r' },
      'proceed\r\n',
    ])
    expect(lines).toEqual(["Type 'proceed' to initialize the HSM, or 'quit'", 'to quit now.', '> proceed'])
  })

  it('records a password or cloning domain given on a command line as [redacted], and hides it later too', () => {
    const lines = session([
      'lunash:>hsm login -password S3cret-Pw\r\n',
      'lunash:>partition create -partition p1 -domain "Rack 7 domain" -force\r\n',
      'lunash:>user password -pw=Sh0rt -newpw N3w-Pass\r\n',
      'lunash:>echo S3cret-Pw\r\nS3cret-Pw\r\n',
      'lunash:>hsm re-pin 7\r\n',
    ])
    expect(lines).toEqual([
      'lunash:>hsm login -password [redacted]',
      'lunash:>partition create -partition p1 -domain [redacted] -force',
      'lunash:>user password -pw=[redacted] -newpw [redacted]',
      'lunash:>echo [redacted]',
      '[redacted]',
      'lunash:>hsm re-pin 7',
    ])
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
