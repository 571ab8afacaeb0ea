/**
 * The local terminal (node-pty): starts in the Luna client folder when one is known, else the home folder;
 * output flows through the same stages; the shell's exit is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openLocalSession } from '../../electron/sessions/local-session'
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
