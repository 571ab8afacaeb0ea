/**
 * `rackside transcript verify` as an auditor runs it, through the launcher in bin/, on transcripts Rackside wrote:
 * one closed cleanly, one whose session never closed (a crash), and one edited afterwards by hand.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTranscript } from '../../electron/sessions/transcript'
import { cli } from '../support/rackside-cli'

let dir: string
let clean: string
let crashed: string
let edited: string

function session(title: string, close: boolean): string {
  const t = openTranscript({ dir, title })
  t.output('lunash:>hsm show\r\n   HSM Label: rack7\r\n   Serial #: 157541\r\nlunash:>')
  t.note('Ran step "Show the HSM status" (hsm.show): done.')
  t.output('partition list\r\nPartition cms1\r\nlunash:>')
  if (close) t.close()
  return t.path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-verify-cli-'))
  clean = session('clean', true)
  crashed = session('crashed', false)
  edited = session('edited', true)
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('HSM Label: rack7', 'HSM Label: rack8'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('rackside transcript verify', () => {
  it('a transcript closed cleanly is sealed, and the last digest is printed to compare with a kept copy', async () => {
    const r = await cli(['transcript', 'verify', clean])
    expect(r.code).toBe(0)
    const lastSeal = readFileSync(clean, 'utf8').trimEnd().split('\n').at(-1)!
    const digest = /sha256:([0-9a-f]{64})$/.exec(lastSeal)![1]!
    expect(r.stdout).toBe(
      `sealed    ${basename(clean)}: 2 seals hold; last seal line 13 at ${lastSeal.slice(10, 34)}, sha256:${digest}\n`,
    )
  })

  it('a session that never closed: its seals hold, the lines after the last are named, exit 3', async () => {
    const r = await cli(['transcript', 'verify', crashed])
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/^unsealed {2}\S+: 1 seals hold; the last 2 lines come after the last seal/)
  })

  it('an edited transcript is ALTERED, naming the lines, exit 4 even beside good ones', async () => {
    const r = await cli(['transcript', 'verify', dir])
    expect(r.code).toBe(4)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.find((l) => l.includes(basename(edited)))).toMatch(
      /^ALTERED {3}\S+: lines 1–9: the text above it is not the text it sealed \(the seal at line 9\)/,
    )
  })

  it('--json gives the same verdicts for scripts', async () => {
    const r = await cli(['transcript', 'verify', '--json', edited, crashed])
    const verdicts = JSON.parse(r.stdout) as { file: string; verdict: string; broken?: { line: number } }[]
    expect(verdicts.map((v) => [v.file, v.verdict])).toEqual([
      [edited, 'altered'],
      [crashed, 'unsealed'],
    ])
    expect(verdicts[0]?.broken?.line).toBe(9)
    expect(r.code).toBe(4)
  })

  it('a missing file is one line and exit 1; a wrong verb is the usage and exit 2', async () => {
    const missing = await cli(['transcript', 'verify', join(dir, 'nope.log')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(`rackside: cannot read ${join(dir, 'nope.log')}: no such file or folder\n`)
    const wrong = await cli(['transcript', 'check', clean])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/^Usage: rackside transcript verify/)
  })
})
