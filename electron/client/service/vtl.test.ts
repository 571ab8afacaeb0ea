/**
 * The Luna client tools console gives a program its password only at the program's own prompt, in a real
 * pseudo-terminal (node-pty): once, never echoed, never on the command line; a second ask stops the program.
 * The programs here are small bash scripts that print a hash of what they read, so the test can tell that the
 * right secret arrived without the secret appearing anywhere.
 */
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import type { SessionSink } from '../../sessions'
import { openToolsConsole, type SecretPrompt } from './vtl'

const SECRET = 'Tools-Passw0rd-41c9'
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const prompt: SecretPrompt = { prompt: /password[^:]*:\s*$/i, secret: SECRET }

async function tools() {
  let shown = ''
  const sink: SessionSink = {
    data: (text) => {
      shown += text
    },
    status: () => undefined,
  }
  const console_ = await openToolsConsole(sink, { cols: 100, rows: 30 })
  return {
    console_,
    get shown() {
      return shown
    },
    sh: (script: string, secretPrompt?: SecretPrompt) =>
      console_.run('/bin/bash', ['-c', script], {
        cwd: tmpdir(),
        display: 'test script',
        timeoutMs: 15_000,
        ...(secretPrompt ? { secretPrompt } : {}),
      }),
  }
}

describe('the tools console answers a password prompt through the terminal', () => {
  it('types the secret once at the prompt; the program reads it and it is shown nowhere', async () => {
    const t = await tools()
    const run = await t.sh(
      `stty -echo; printf 'Please enter the password for the partition: '; IFS= read -r pw; stty echo; echo; printf '%s' "$pw" | sha256sum`,
      prompt,
    )
    t.console_.close()
    expect(run.exitCode).toBe(0)
    expect(run).toMatchObject({ answered: true, askedAgain: false })
    expect(run.output).toContain(sha256(SECRET))
    expect(run.output).not.toContain(SECRET)
    expect(t.shown).not.toContain(SECRET)
  })

  it('stops a program that asks again instead of answering twice', async () => {
    const t = await tools()
    const run = await t.sh(
      `stty -echo; printf 'Password: '; read -r a; printf '\\nPassword: '; read -r b; echo second-answer-read`,
      prompt,
    )
    t.console_.close()
    expect(run).toMatchObject({ answered: true, askedAgain: true, exitCode: -1 })
    expect(run.output).not.toContain('second-answer-read')
    expect(t.shown).toContain('stopped: it asked for the password again')
  })

  it('types nothing at a question that is not a password prompt', async () => {
    const t = await tools()
    const run = await t.sh(`printf 'Continue? '; IFS= read -r -t 2 x; echo; echo "read:[$x]"`, prompt)
    t.console_.close()
    expect(run.answered).toBe(false)
    expect(run.output).toContain('read:[]')
  })

  it('refuses a secret with a control character before starting anything', async () => {
    const t = await tools()
    const before = t.shown
    await expect(t.sh('echo started', { prompt: prompt.prompt, secret: 'abc\rhsm init' })).rejects.toThrow(
      /control character/,
    )
    t.console_.close()
    expect(t.shown.slice(before.length)).not.toContain('started')
    expect(t.shown.slice(before.length)).not.toContain('test script')
  })
})
