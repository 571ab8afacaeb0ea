/**
 * Signing off a console's record through the host, as the UI does, over SSH to the simulator: the names and
 * deviations land in the transcript under a seal whose digest the operator is given; a bad field writes nothing;
 * another client cannot sign someone else's console.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Host } from '../../electron/host/host'
import { verifySeals } from '../../electron/sessions/transcript-seal'
import { consoleWatcher, hostWithSimulatedDemo } from '../support/demo-host'
import { actAsOperator, type HostClient } from '../support/host-client'

let host: Host
let stop: () => Promise<void>
let dir: string
let operator: HostClient
const screen = consoleWatcher()
let sessionId = ''
let transcript = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-sign-off-'))
  ;({ host, stop } = await hostWithSimulatedDemo(dir))
  operator = actAsOperator(host, 'ui', screen.seen)
  ;({ sessionId, transcript = '' } = await operator.ok<{ sessionId: string; transcript?: string }>(
    'sessions.open',
    { profileId: 'demo', cols: 120, rows: 40 },
  ))
  await screen.until(/\(current\) UNIX password:\s*$/)
})
afterAll(async () => {
  await stop?.()
  rmSync(dir, { recursive: true, force: true })
})

describe('signing off a console', () => {
  it('refuses a name with a line break and writes nothing', async () => {
    const before = readFileSync(transcript, 'utf8')
    const reply = await operator.call('sessions.signOff', { sessionId, operator: 'Jane\n-- forged line' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect(readFileSync(transcript, 'utf8')).toBe(before)
  })

  it("is refused for another client's console", async () => {
    const other = actAsOperator(host, 'someone-else', () => undefined)
    const reply = await other.call('sessions.signOff', { sessionId, operator: 'Mallory' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(readFileSync(transcript, 'utf8')).not.toContain('Mallory')
  })

  it('writes the names and each deviation, sealed, and gives the seal digest that verify shows', async () => {
    const signed = await operator.ok<{ at: string; digest: string; transcript: string }>('sessions.signOff', {
      sessionId,
      operator: 'Jane Roe',
      witness: 'John Doe',
      deviations: 'NTLS bound to eth1, not eth0\n\nFirmware left at 7.8.4',
    })
    expect(signed.transcript).toBe(transcript)
    const lines = readFileSync(transcript, 'utf8').split('\n')
    const at = lines.findIndex((l) => l.includes('-- Signed off'))
    expect(lines[at]).toBe(
      `${signed.at}  -- Signed off by operator "Jane Roe" with witness "John Doe". Deviations from the procedure: (1) NTLS bound to eth1, not eth0 (2) Firmware left at 7.8.4.`,
    )
    expect(lines[at + 1]).toBe(`#= sealed ${signed.at} sha256:${signed.digest}`)
    const check = verifySeals(readFileSync(transcript))
    expect(check.broken).toBeUndefined()
    expect(check.lastSeal).toMatchObject({ line: at + 2, digest: signed.digest })
  })

  it('with no deviations says so, and the console goes on', async () => {
    await operator.ok('sessions.signOff', { sessionId, operator: 'Jane Roe' })
    expect(readFileSync(transcript, 'utf8')).toContain(
      '-- Signed off by operator "Jane Roe". Deviations from the procedure: none.',
    )
    await operator.ok('sessions.write', { sessionId, data: 'PASSWORD\r' })
    await screen.until(/Enter new password:\s*$/)
  })
})
