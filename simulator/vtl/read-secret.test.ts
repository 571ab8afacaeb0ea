/**
 * The simulated vtl asks for the partition password it was not given, like the real client tools: on a terminal
 * with echo off, from standard input otherwise; with nothing entered it stops before touching the HA
 * configuration. Each run here gets past the password (or not) and then meets a client folder with no servers,
 * so what it printed after the prompt says whether the answer was taken.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawn as spawnPty } from 'node-pty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDir, run, tempDir } from '../test/openssh'
import { prepareClientRoot } from './client-root'

const SECRET = 'Pty-Passw0rd-7f3a'
const NEW_GROUP = ['haAdmin', 'newGroup', '-serialNum', '157541008', '-label', 'cmsha']
const PROMPT = 'Please enter the password for the partition: '
let root = ''
let vtlPath = ''

beforeAll(() => {
  root = tempDir('rackside-vtl-prompt-')
  ;({ vtlPath } = prepareClientRoot(root))
})
afterAll(() => removeDir(root))

/** Runs vtl on a pseudo-terminal; `answer` is typed once the prompt shows. */
function onTerminal(args: string[], answer: string): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const pty = spawnPty(vtlPath, args, { name: 'xterm', cols: 120, rows: 30, cwd: root, env: process.env })
    let output = ''
    let answered = false
    const timer = setTimeout(() => {
      pty.kill()
      reject(new Error(`vtl did not finish:\n${output}`))
    }, 20_000)
    pty.onData((data) => {
      output += data
      if (!answered && output.includes(PROMPT)) {
        answered = true
        pty.write(answer)
      }
    })
    pty.onExit(({ exitCode }) => {
      clearTimeout(timer)
      resolve({ output: output.replace(/\r\n/g, '\n'), exitCode })
    })
  })
}

describe('vtl haAdmin without -password', () => {
  it('asks on a terminal with echo off and takes the line typed there', async () => {
    const { output, exitCode } = await onTerminal(NEW_GROUP, `${SECRET}\r`)
    expect(output).toContain(PROMPT)
    expect(output).not.toContain(SECRET)
    // Past the password: the next thing vtl needs is a server to reach the partition on.
    expect(output).toContain('There are no registered servers')
    expect(exitCode).not.toBe(0)
  })

  it('reads one line from standard input when it is not a terminal', async () => {
    const piped = await run(vtlPath, NEW_GROUP, { input: `${SECRET}\nnext line\n`, cwd: root })
    expect(piped.stdout).toContain(PROMPT)
    expect(piped.stdout).toContain('There are no registered servers')
  })

  it('stops with a clear error and changes nothing when no password is entered', async () => {
    const before = readFileSync(join(root, 'Chrystoki.conf'), 'utf8')
    const empty = await run(vtlPath, NEW_GROUP, { input: '', cwd: root })
    expect(empty.code).not.toBe(0)
    expect(empty.stdout).toContain('Error: No partition password was entered.')
    expect(empty.stdout).not.toContain('registered servers')
    const interrupted = await onTerminal(
      ['haAdmin', 'addMember', '-group', 'cmsha', '-serialNum', '1'],
      '\x03',
    )
    // addMember first looks the group up: there is none, so it never gets to ask.
    expect(interrupted.output).not.toContain(PROMPT)
    const cancelled = await onTerminal(NEW_GROUP, 'abc\x03')
    expect(cancelled.output).toContain('Error: No partition password was entered.')
    expect(cancelled.exitCode).not.toBe(0)
    expect(readFileSync(join(root, 'Chrystoki.conf'), 'utf8')).toBe(before)
  })

  it('does not ask when the password is on the command line (-p, as S8 writes it)', async () => {
    const given = await run(vtlPath, [...NEW_GROUP, '-p', SECRET], { input: '', cwd: root })
    expect(given.stdout).not.toContain(PROMPT)
    expect(given.stdout).toContain('There are no registered servers')
  })
})
