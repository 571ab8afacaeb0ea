/**
 * The runner types only at a clean lunash prompt. Whatever else the console shows (a question the operator left
 * open, a half-typed line, a PED wait, a pager, a shell) is the operator's: nothing is sent, not even an Enter.
 */
import { describe, expect, it, vi } from 'vitest'
import { CommandRunner, type RunCallbacks } from './runner'
import { ScriptedShell, type ShellScript } from './testing/scripted-shell'
import { hsmShow } from '../../shared/lunash/commands'
import type { Screen } from '../../shared/lunash/screen'
import hsmShow53 from '../../shared/lunash/fixtures/hsm-show-5.3.txt?raw'

/** The reference `hsm show` without its echoed command and result line. */
const HSM_SHOW_OUTPUT = hsmShow53
  .split('\n')
  .slice(1)
  .join('\n')
  .replace(/\n*Command Result[^\n]*\n?$/, '\n')

/** A lunash whose `hsm login` spends an attempt on every answer that is not the SO password. */
function appliance() {
  const state = { attemptsLeft: 3 }
  const script: ShellScript = {
    'hsm login': async (sh) => {
      const answer = await sh.ask("\n  Please enter the HSM Administrators' password:\n  > ", true)
      if (answer !== 'S0-Passw0rd!') {
        state.attemptsLeft--
        sh.print("\nError:  'hsm login' failed. (300022 : LUNA_RET_UM_PIN_INCORRECT)\n")
        sh.result(65535)
        return
      }
      sh.print('\n\n  HSM Administrator login successful.\n')
      sh.result(0)
    },
    'hsm show': (sh) => {
      sh.print(`\n${HSM_SHOW_OUTPUT}`)
      sh.result(0)
    },
  }
  return { state, script }
}

function operator(over: Partial<RunCallbacks> = {}) {
  const pending: (Screen | undefined)[] = []
  const callbacks: RunCallbacks = {
    confirm: vi.fn(async () => ({ proceed: false })),
    secret: vi.fn(async () => 'S0-Passw0rd!'),
    ped: vi.fn(),
    pending: (screen) => pending.push(screen),
    ...over,
  }
  return { callbacks, pending }
}

const settle = (ms = 80) => new Promise((r) => setTimeout(r, ms))

describe('a question the operator left open', () => {
  it('hsm login typed by hand: the status step sends nothing, no attempt is spent, and it runs once the operator cancels the question', async () => {
    const { state, script } = appliance()
    const shell = new ScriptedShell(script)
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    await settle(10)
    shell.write('hsm login\r') // the operator, by hand
    await settle(10)
    const typedByOperator = shell.written.length
    const { callbacks, pending } = operator()
    const run = runner.run(hsmShow, {}, callbacks)
    await settle()
    expect(shell.written.length).toBe(typedByOperator)
    expect(pending[0]).toMatchObject({ kind: 'secret' })
    expect(pending[0]?.text).toContain("Please enter the HSM Administrators' password:")
    expect(runner.waiting?.kind).toBe('secret')
    expect(callbacks.secret).not.toHaveBeenCalled()

    shell.write('\x03') // the operator cancels the question in the console
    const result = await run
    expect(result.status).toBe('done')
    expect(state.attemptsLeft).toBe(3)
    expect(shell.lines).toEqual(['hsm login', 'hsm show'])
    expect(pending.at(-1)).toBeUndefined()
    expect(runner.waiting).toBeUndefined()
  })

  it('the operator answers the open question themselves: the runner goes on after their answer, not before', async () => {
    const { state, script } = appliance()
    const shell = new ScriptedShell(script)
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    await settle(10)
    shell.write('hsm login\r')
    await settle(10)
    const { callbacks } = operator()
    const run = runner.run(hsmShow, {}, callbacks)
    await settle()
    shell.write('S0-Passw0rd!\r')
    const result = await run
    expect(result.status).toBe('done')
    expect(state.attemptsLeft).toBe(3)
    expect(shell.lines).toEqual(['hsm login', 'S0-Passw0rd!', 'hsm show'])
  })

  it('abort while waiting: failed, nothing was sent', async () => {
    const { state, script } = appliance()
    const shell = new ScriptedShell(script)
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    await settle(10)
    shell.write('hsm login\r')
    await settle(10)
    const before = shell.written.length
    const run = runner.run(hsmShow, {}, operator().callbacks)
    await settle()
    runner.abort()
    const result = await run
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/nothing was sent/i)
    expect(shell.written.length).toBe(before)
    expect(state.attemptsLeft).toBe(3)
  })

  it('with nobody to ask (the CLI), it fails at once, names the question, and sends nothing', async () => {
    const { state, script } = appliance()
    const shell = new ScriptedShell(script)
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    await settle(10)
    shell.write('hsm login\r')
    await settle(10)
    const before = shell.written.length
    const { pending: _unused, ...rest } = operator().callbacks
    const result = await runner.run(hsmShow, {}, rest)
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/^Nothing was sent: the console is asking for a password/)
    expect(result.reason).toContain("Please enter the HSM Administrators' password:")
    expect(shell.written.length).toBe(before)
    expect(state.attemptsLeft).toBe(3)
  })

  const open: [string, string, Screen['kind']][] = [
    ['the forced first-login change', 'Changing password for admin.\n(current) UNIX password: ', 'secret'],
    [
      'a proceed/quit question',
      "\nType 'proceed' to initialize the HSM, or 'quit'\nto quit now.\n> ",
      'confirm',
    ],
    [
      'a PED wait',
      '\nLuna PED operation required to login as HSM Administrator - use Security Officer (blue) PED key.\n',
      'ped',
    ],
    ['a half-typed command', '[local_host] lunash:>hsm zeroize', 'typed'],
    ['a pager', '\nline 1\n--More--', 'pager'],
    ['a Unix shell', '\n[root@luna ~]# ', 'shell'],
    ['a login prompt', '\n[localhost] ttyS0 login: ', 'login'],
    ['a partition challenge', '\nPlease enter the partition challenge:\n> ', 'secret'],
    ['a cloning domain', '\nPlease enter the cloning domain:\n> ', 'secret'],
    ['output that has not come back to the prompt', '\nHSM Label: patchLuna\nSerial #: 157541', 'unknown'],
  ]
  it.each(open)('%s: nothing is typed, the operator is told what is pending', async (_name, screen, kind) => {
    const shell = new ScriptedShell({}, { quiet: true })
    const runner = new CommandRunner(shell, { promptQuietMs: 10, screen: `[local_host] lunash:>${screen}` })
    const { callbacks, pending } = operator()
    const run = runner.run(hsmShow, {}, callbacks)
    await settle()
    expect(shell.written).toEqual([])
    expect(pending).toHaveLength(1)
    expect(pending[0]?.kind).toBe(kind)
    runner.abort()
    expect((await run).status).toBe('failed')
    expect(shell.written).toEqual([])
  })
})

describe('a quiet console', () => {
  it('never presses Enter to see the prompt: after a moment the operator is asked to wake the line', async () => {
    const shell = new ScriptedShell(
      { 'hsm show': (sh) => (sh.print(`\n${HSM_SHOW_OUTPUT}`), sh.result(0)) },
      { quiet: true },
    )
    const runner = new CommandRunner(shell, { promptQuietMs: 10, wakeNoticeMs: 40 })
    const { callbacks, pending } = operator()
    const run = runner.run(hsmShow, {}, callbacks)
    await settle(100)
    expect(shell.written).toEqual([])
    expect(pending[0]?.kind).toBe('empty')
    shell.write('\r') // the operator presses Enter; the shell shows its prompt
    const result = await run
    expect(result.status).toBe('done')
    expect(shell.lines).toEqual(['', 'hsm show'])
  })

  it('over SSH the prompt arrives by itself a moment later: no question is put to the operator', async () => {
    const shell = new ScriptedShell(
      { 'hsm show': (sh) => (sh.print(`\n${HSM_SHOW_OUTPUT}`), sh.result(0)) },
      { quiet: true },
    )
    const runner = new CommandRunner(shell, { promptQuietMs: 10, wakeNoticeMs: 200 })
    const { callbacks, pending } = operator()
    const run = runner.run(hsmShow, {}, callbacks)
    setTimeout(() => shell.prompt(), 30)
    expect((await run).status).toBe('done')
    expect(pending).toEqual([])
    expect(shell.lines).toEqual(['hsm show'])
  })

  it('with nobody to ask, a console that never shows its prompt fails with nothing sent', async () => {
    const shell = new ScriptedShell({}, { quiet: true })
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    const { pending: _unused, ...rest } = operator().callbacks
    const result = await runner.run(hsmShow, {}, rest, { timeoutMs: 100 })
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/^Nothing was sent/)
    expect(shell.written).toEqual([])
  })
})

describe('output that is not the command’s alone is never done', () => {
  it('typed-ahead input that reached the line with the command: Ctrl-C, unknown, and no question answered', async () => {
    const secret = vi.fn(async () => 'S0-Passw0rd!')
    const shell = new ScriptedShell({
      'xxhsm show': (sh) => void sh.ask("\n  Please enter the HSM Administrators' password:\n  > ", true),
    })
    const runner = new CommandRunner(shell, { promptQuietMs: 10, resyncMs: 100 })
    await settle(10)
    // Keystrokes already on their way when the runner looked: the line the appliance gets is `xxhsm show`.
    const write = shell.write.bind(shell)
    let first = true
    shell.write = (text: string) => {
      if (first && text === 'hsm show\r') {
        first = false
        write('xx')
      }
      write(text)
    }
    const result = await runner.run(hsmShow, {}, operator({ secret }).callbacks)
    expect(result.status).toBe('unknown')
    expect(result.reason).toContain('received "[local_host] lunash:>xxhsm show"')
    expect(secret).not.toHaveBeenCalled()
    expect(shell.interrupted).toBe(1)
  })

  it('another command’s result line inside the output: unknown', async () => {
    const shell = new ScriptedShell({
      'hsm show': (sh) => {
        sh.print(
          "\nError:  'hsm zeroize' failed. (C0000000 : RC_UNKNOWN)\n\nCommand Result : 65535 (Luna Shell execution)\n",
        )
        sh.print(`\n${HSM_SHOW_OUTPUT}`)
        sh.result(0)
      },
    })
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    const result = await runner.run(hsmShow, {}, operator().callbacks)
    expect(result.status).toBe('unknown')
    expect(result.reason).toContain("another command's result line")
  })

  it('a failure of another command in a successful output: unknown', async () => {
    const shell = new ScriptedShell({
      'hsm show': (sh) => {
        sh.print(`\nError:  'partition delete' failed. (C0000000 : RC_UNKNOWN)\n${HSM_SHOW_OUTPUT}`)
        sh.result(0)
      },
    })
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    const result = await runner.run(hsmShow, {}, operator().callbacks)
    expect(result.status).toBe('unknown')
    expect(result.reason).toContain("an error from 'partition delete'")
  })

  it('line noise inside an output (a bad serial line): unknown, never done with a corrupted fact', async () => {
    const noisy = HSM_SHOW_OUTPUT.replace('patchLuna', 'patch\u00b6Luna')
    const shell = new ScriptedShell({
      'hsm show': (sh) => {
        sh.print(`\n${noisy}`)
        sh.result(0)
      },
    })
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    const result = await runner.run(hsmShow, {}, operator().callbacks)
    expect(result.status).toBe('unknown')
    expect(result.reason).toContain('U+00B6')
    expect(result.facts).toBeUndefined()
  })
})
