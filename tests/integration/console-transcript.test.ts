/**
 * A console whose transcript cannot be kept, through the host as the UI uses it, over SSH to the simulator: a
 * file stands where the transcripts folder should be. The console opens and works all the same, the operator's
 * client is told why there is no record (the session.transcript event), and opening the folder says what is
 * wrong instead of failing without words.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Host, HostEvent } from '../../electron/host/host'
import type { EventPayload } from '../../shared/api'
import { consoleWatcher, hostWithSimulatedDemo } from '../support/demo-host'
import { actAsOperator, type HostClient } from '../support/host-client'

let host: Host
let stop: () => Promise<void>
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-transcript-host-'))
  writeFileSync(join(dir, 'transcripts'), 'a file, not a folder')
  ;({ host, stop } = await hostWithSimulatedDemo(dir))
})
afterAll(async () => {
  await stop?.()
  rmSync(dir, { recursive: true, force: true })
})

describe('a console without a transcript', () => {
  it('opens and works, and the operator is told why nothing is recorded', async () => {
    const screen = consoleWatcher()
    const stopped: EventPayload<'session.transcript'>[] = []
    const operator: HostClient = actAsOperator(host, 'ui', (e: HostEvent) => {
      screen.seen(e)
      if (e.name === 'session.transcript') stopped.push(e.payload as EventPayload<'session.transcript'>)
    })

    const opened = await operator.ok<{ sessionId: string; transcript?: string }>('sessions.open', {
      profileId: 'demo',
      cols: 120,
      rows: 40,
    })
    expect(opened.transcript).toBeUndefined()
    await screen.until(/\(current\) UNIX password:\s*$/)
    await operator.ok('sessions.write', { sessionId: opened.sessionId, data: 'PASSWORD\r' })
    await screen.until(/Enter new password:\s*$/)

    expect(stopped).toEqual([
      {
        sessionId: opened.sessionId,
        stopped: `No transcript for this console: a file stands where the folder should be (${join(dir, 'transcripts')}). The console works; nothing of it is recorded.`,
      },
    ])
    // Nothing was written in place of the folder.
    expect(readFileSync(join(dir, 'transcripts'), 'utf8')).toBe('a file, not a folder')

    const folder = await operator.call('transcripts.open', {})
    expect(folder).toEqual({
      ok: false,
      error: expect.objectContaining({
        message: `The transcripts folder ${join(dir, 'transcripts')} cannot be used: a file stands where the folder should be.`,
      }),
    })
    // Nothing to sign off: said so, not signed into the void.
    expect(
      await operator.call('sessions.signOff', { sessionId: opened.sessionId, operator: 'Jane Roe' }),
    ).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'not-found',
        message: 'This console keeps no transcript (see its toolbar), so there is nothing to sign off.',
      }),
    })
    await operator.ok('sessions.close', { sessionId: opened.sessionId })
  })
})
