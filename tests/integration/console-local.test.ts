/**
 * The local terminal (node-pty): starts in the Luna client folder when one is known (the one the client wizard
 * located, through the host), else the home folder;
 * output flows through the same stages; the shell's exit is reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHost } from '../../electron/host/host'
import { openLocalSession } from '../../electron/sessions/local-session'
import { actAsOperator } from '../support/host-client'
import { recorder } from '../support/session-recorder'

const bash = { shell: '/bin/bash', args: ['--norc', '--noprofile'] }

describe('local terminal', () => {
  it('starts in the Luna client folder when one is known, and reports the exit', async () => {
    const client = mkdtempSync(join(tmpdir(), 'luna-client-'))
    const rec = recorder()
    try {
      const session = await openLocalSession({ cols: 90, rows: 30, cwd: client, ...bash }, rec.sink)
      rec.bind(session)
      expect(session.kind).toBe('local')
      session.write('echo "CWD=$(pwd) COLS=$(tput cols)"\r')
      await rec.waitFor(new RegExp(`CWD=${client} COLS=90`))
      session.write('exit 3\r')
      await rec.waitFor(/exit/)
      const start = Date.now()
      while (!rec.states.some((s) => s.state === 'closed') && Date.now() - start < 5000)
        await new Promise((r) => setTimeout(r, 20))
      expect(rec.states.find((s) => s.state === 'closed')?.message).toBe('The shell exited with status 3.')
    } finally {
      rmSync(client, { recursive: true, force: true })
    }
  })

  it('falls back to the home folder when the client folder is missing, and says so', async () => {
    const rec = recorder()
    const session = await openLocalSession(
      { cols: 80, rows: 24, cwd: '/nonexistent/luna', ...bash },
      rec.sink,
    )
    rec.bind(session)
    try {
      expect(rec.states[0]?.message).toBe(`Local terminal in ${homedir()} (/nonexistent/luna not found).`)
      session.write('echo HERE=$(pwd)\r')
      await rec.waitFor(new RegExp(`HERE=${homedir()}\\r?\\n`))
    } finally {
      session.close()
    }
  })
})

describe('the Local terminal profile, through the host', () => {
  it('starts in the Luna client folder the client wizard located', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rackside-local-host-'))
    const client = mkdtempSync(join(tmpdir(), 'luna-client-located-'))
    mkdirSync(join(client, 'bin'))
    writeFileSync(join(client, 'bin', 'vtl'), '#!/bin/sh\necho "vtl (simulated) 10.4.0"\n', { mode: 0o755 })
    const host = createHost({ kind: 'web', version: '0.0.0-test', dataDir: data })
    let output = ''
    const operator = actAsOperator(host, 'ui', (e) => {
      if (e.name === 'session.data') output += (e.payload as { data: string }).data
    })
    try {
      await operator.ok('client.locate', { folder: client })
      const { sessionId } = await operator.ok<{ sessionId: string }>('sessions.open', {
        profileId: 'local',
        cols: 100,
        rows: 30,
      })
      await operator.ok('sessions.write', { sessionId, data: 'echo "CWD=$(pwd)"\r' })
      const deadline = Date.now() + 10_000
      while (!output.includes(`CWD=${client}`) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20))
      expect(output).toContain(`CWD=${client}`)
      await operator.ok('sessions.close', { sessionId })
    } finally {
      await host.close()
      rmSync(client, { recursive: true, force: true })
      rmSync(data, { recursive: true, force: true })
    }
  })
})
