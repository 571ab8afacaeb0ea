/**
 * The flight's pure judges with plain values: the echo (echo.ts), the questions (prompts.ts), the end of a
 * command (completion.ts) and the timers (clock.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FlightClock } from './clock'
import { judgeOutput } from './completion'
import { echoIsAlone, findEcho } from './echo'
import { questionState, refusal, undeclaredQuestion, usableSecret } from './prompts'
import { command, noFields } from '../../shared/lunash/commands/spec'
import { ok } from '../../shared/lunash/result'

describe('echo', () => {
  it('finds a command line wrapped at the terminal edge and where its output starts', () => {
    const text = '[hsm] lunash:>partition create -partition Cl\r\nients\r\nout'.replace(/\r/g, '')
    const echo = findEcho(text, 'partition create -partition Clients')
    expect(echo?.end).toBe(text.indexOf('out'))
    expect(echo && echoIsAlone(echo)).toBe(true)
  })

  it('waits for the end of the echoed line, and sees input typed ahead of ours', () => {
    expect(findEcho('[hsm] lunash:>hsm show', 'hsm show')).toBeUndefined()
    const echo = findEcho('[hsm] lunash:>syst hsm show\n', 'hsm show')
    expect(echo && echoIsAlone(echo)).toBe(false)
    expect(echo?.line).toBe('[hsm] lunash:>syst hsm show')
  })
})

describe('questions', () => {
  const ask = "Type 'proceed' to continue, or 'quit' to quit now.\n"
  it('a question at the input marker waits; before the marker it may still be arriving', () => {
    expect(questionState(`${ask}> `, 12)).toBe('waiting')
    expect(questionState(ask, 12)).toBe('arriving')
  })

  it('a question followed by the result or many lines has passed', () => {
    expect(questionState(`${ask}Command Result : 0\n`, 12)).toBe('passed')
    expect(questionState(`${ask}a\nb\nc\nd\n`, 12)).toBe('passed')
  })

  it('an undeclared password question is a secret never to give; a proceed question one to quit', () => {
    expect(undeclaredQuestion('Please enter the SO password: ')).toEqual({
      kind: 'secret',
      question: 'password:',
    })
    expect(undeclaredQuestion(`${ask}> `)).toEqual({ kind: 'confirm' })
    expect(undeclaredQuestion('the password was changed.\n')).toBeUndefined()
  })

  it('only an explicit yes, with the exact text for a destructive question, goes ahead', () => {
    expect(refusal({ proceed: true }, undefined, false)).toBeUndefined()
    expect(refusal({ proceed: true, typed: ' myLabel ' }, 'myLabel', false)).toBeUndefined()
    expect(refusal({ proceed: true, typed: 'mylabel' }, 'myLabel', false)).toMatch(/did not match "myLabel"/)
    expect(refusal({ proceed: false }, undefined, false)).toMatch(/declined/)
    expect(refusal({ proceed: true }, undefined, true)).toMatch(/^Aborted/)
  })

  it('refuses an empty secret or one with a control character', () => {
    expect(usableSecret('')).toBe(false)
    expect(usableSecret('abc\r')).toBe(false)
    expect(usableSecret('S3cret!')).toBe(true)
  })
})

describe('the end of a command', () => {
  const row = command({
    id: 'test.show',
    title: 'Show',
    validate: noFields,
    text: () => 'show',
    prompts: [],
    parse: (text) => ok({ lines: text.trim().split('\n').length }),
    timeoutMs: 1,
    capMs: 1,
  })
  const end = { spec: row, line: 'show', code: 0, codeText: 'Success', host: 'hsm' }

  it('a clean output is done, with the parsed facts', () => {
    expect(judgeOutput({ ...end, output: 'a\nb\n' })).toMatchObject({
      status: 'done',
      extra: { facts: { lines: 2 }, resultCode: 0, promptHost: 'hsm' },
    })
  })

  it("another command's result line inside the output makes a success unknown", () => {
    const verdict = judgeOutput({
      ...end,
      output: 'Command Result : 0 (Success)\n[hsm] lunash:>show\nx\nCommand Result : 0 (Success)\n',
    })
    expect(verdict.status).toBe('unknown')
    expect(verdict.reason).toMatch(/another command's result line/)
  })

  it('characters lunash never prints are line noise, and the facts are not trusted', () => {
    const verdict = judgeOutput({ ...end, output: 'Serial: 70\uFFFD1\n' })
    expect(verdict.status).toBe('unknown')
    expect(verdict.reason).toMatch(/U\+FFFD/)
    expect(verdict.extra.facts).toBeUndefined()
  })

  it('a non-zero result fails with the appliance’s own error sentence', () => {
    const verdict = judgeOutput({
      ...end,
      code: 65,
      codeText: 'CMD_FAILED',
      output: 'Error: no such partition\n',
    })
    expect(verdict).toMatchObject({
      status: 'failed',
      reason: 'show failed: Command Result 65 (CMD_FAILED): no such partition',
    })
  })

  it('after the operator declined, the run failed whatever lunash says', () => {
    expect(judgeOutput({ ...end, output: 'ok\n', declined: '' }).reason).toBe(
      'The operator declined; quit was sent.',
    )
  })
})

describe('the clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('the cap does not run while paused, and runs out for what was left of it', () => {
    vi.useFakeTimers()
    const expired = vi.fn()
    const clock = new FlightClock(100, expired)
    clock.resumeCap()
    vi.advanceTimersByTime(60)
    clock.pauseCap()
    vi.advanceTimersByTime(1_000)
    expect(expired).not.toHaveBeenCalled()
    clock.resumeCap()
    vi.advanceTimersByTime(39)
    expect(expired).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(expired).toHaveBeenCalledWith('cap')
  })
})
