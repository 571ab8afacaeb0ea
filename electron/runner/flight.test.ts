/**
 * One transition of a flight at a time: a flight is put in front of a screen, given one piece of output (or one
 * timer), and what it typed and which state it is in are read back. No runner, no shell.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Flight } from './flight'
import type { FlightHost } from './flight-plan'
import { OutputBuffer } from './output-buffer'
import type { RunCallbacks, RunResult } from './types'
import { command, confirm, noFields, type AnyCommand } from '../../shared/lunash/commands/spec'
import { ok, parseError } from '../../shared/lunash/result'

const PROMPT = '[hsm7] lunash:>'

/** A row whose output is understood when it says `Serial: <n>`. */
const showSerial = command({
  id: 'test.serial',
  title: 'Show the serial',
  validate: noFields,
  text: () => 'hsm serial',
  prompts: [],
  parse: (text) => {
    const m = /Serial: (\d+)/.exec(text)
    return m ? ok({ serial: m[1] }) : parseError('no serial line')
  },
  timeoutMs: 1_000,
  capMs: 5_000,
})

const wipe = command({
  id: 'test.wipe',
  title: 'Wipe',
  validate: noFields,
  text: () => 'hsm wipe',
  prompts: [confirm(/type 'proceed'/i, { destructive: false, warning: 'Everything goes.' })],
  parse: () => ok({}),
  timeoutMs: 1_000,
  capMs: 5_000,
})

function fly(spec: AnyCommand, screen: string, over: Partial<RunCallbacks> = {}) {
  const typed: string[] = []
  const listeners = new Set<() => void>()
  let promptHost: string | undefined
  let closed: string | undefined
  const host: FlightHost = {
    channel: { write: (t) => typed.push(t), onData: () => () => true, onClose: () => () => true },
    closedReason: () => closed,
    lastPromptHost: () => promptHost,
    learnPrompt: (h) => (promptHost = h),
    subscribe: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    changed: () => undefined,
    landed: () => undefined,
  }
  const buffer = new OutputBuffer()
  buffer.push(screen)
  const callbacks: RunCallbacks = {
    confirm: vi.fn(async () => ({ proceed: false })),
    secret: vi.fn(async () => 'unused'),
    ped: vi.fn(),
    ...over,
  }
  const flight = new Flight(
    {
      spec,
      line: spec.text({}),
      fields: {},
      callbacks,
      buffer,
      timeoutMs: spec.timeoutMs,
      capMs: spec.capMs,
      timing: { promptQuietMs: 10, resyncMs: 200, wakeNoticeMs: 100 },
      started: Date.now(),
    },
    host,
  )
  let result: RunResult | undefined
  void flight.start().then((r) => (result = r))
  const show = (text: string): void => {
    buffer.push(text)
    for (const l of [...listeners]) l()
  }
  return {
    flight,
    typed,
    show,
    callbacks,
    close: (why: string) => {
      closed = why
      for (const l of [...listeners]) l()
    },
    result: async () => {
      await vi.advanceTimersByTimeAsync(0)
      return result
    },
  }
}

/** A flight that has typed its line and seen the echo: in `output`. */
function reading(spec: AnyCommand, over: Partial<RunCallbacks> = {}) {
  const f = fly(spec, `${PROMPT} `, over)
  vi.advanceTimersByTime(0)
  f.show(`${spec.text({})}\r\n`)
  return f
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('prompt: nothing is typed but at a clean lunash prompt', () => {
  it('types the line once at the prompt and waits for its echo', () => {
    const { flight, typed } = fly(showSerial, `${PROMPT} `)
    vi.advanceTimersByTime(0)
    expect(typed).toEqual(['hsm serial\r'])
    expect(flight.state).toBe('echo')
    expect(flight.sent).toBe(true)
  })

  it('at an open password question types nothing and hands the console to the operator', () => {
    const pending = vi.fn()
    const { flight, typed } = fly(showSerial, 'Please enter the password: ', { pending })
    vi.advanceTimersByTime(100)
    expect(typed).toEqual([])
    expect(flight.state).toBe('prompt')
    expect(pending).toHaveBeenCalledWith(expect.objectContaining({ kind: expect.any(String) }))
    expect(flight.pending).toBeDefined()
  })

  it('without an operator to ask, an open question ends the run as failed with nothing sent', async () => {
    const f = fly(showSerial, 'Please enter the password: ')
    vi.advanceTimersByTime(100)
    const result = await f.result()
    expect(f.typed).toEqual([])
    expect(result?.status).toBe('failed')
    expect(result?.reason).toMatch(/^Nothing was sent/)
  })

  it('a prompt that never appears ends as failed, nothing sent, when the inactivity timeout runs out', async () => {
    const f = fly(showSerial, '')
    vi.advanceTimersByTime(1_000)
    const result = await f.result()
    expect(f.typed).toEqual([])
    expect(result?.reason).toBe('Nothing was sent: the lunash prompt did not appear within 1 s.')
  })
})

describe('echo: the appliance must have received our line alone', () => {
  it('our line echoed after the prompt moves on to reading the output', () => {
    const { flight, show } = fly(showSerial, `${PROMPT} `)
    vi.advanceTimersByTime(0)
    show('hsm serial\r\n')
    expect(flight.state).toBe('output')
  })

  it('other input echoed with ours: Ctrl-C, and the run waits for the prompt to come back', () => {
    const { flight, show, typed } = fly(showSerial, `${PROMPT} `)
    vi.advanceTimersByTime(0)
    show('xyz hsm serial\r\n')
    expect(flight.state).toBe('resync')
    expect(typed.at(-1)).toBe('\x03')
    expect(flight.resyncReason).toMatch(/received "\[hsm7\] lunash:> xyz hsm serial", not "hsm serial"/)
  })
})

describe('output: the end of the command is judged', () => {
  it('Command Result 0 and the prompt with an understood output: done, with facts and the prompt host', async () => {
    const f = reading(showSerial)
    f.show('Serial: 7001234\r\n\r\nCommand Result : 0 (Success)\r\n[hsm8] lunash:>')
    const result = await f.result()
    expect(result).toMatchObject({ status: 'done', facts: { serial: '7001234' }, promptHost: 'hsm8' })
    expect(f.flight.state).toBe('done')
  })

  it('a bare prompt without a Command Result: unknown after a quiet moment', async () => {
    const f = reading(showSerial)
    f.show(`Serial: 1\r\n${PROMPT}`)
    vi.advanceTimersByTime(40)
    const result = await f.result()
    expect(result?.status).toBe('unknown')
    expect(result?.reason).toMatch(/without a Command Result line/)
  })

  it('silence past the inactivity timeout: Ctrl-C, then unknown once the prompt is back', async () => {
    const f = reading(showSerial)
    vi.advanceTimersByTime(1_000)
    expect(f.typed.at(-1)).toBe('\x03')
    expect(f.flight.state).toBe('resync')
    f.show(`^C\r\n${PROMPT}`)
    const result = await f.result()
    expect(result?.status).toBe('unknown')
    expect(result?.reason).toMatch(/sent nothing for 1 s/)
  })

  it('the connection closing mid-command: unknown, re-verify', async () => {
    const f = reading(showSerial)
    f.close('The connection closed.')
    const result = await f.result()
    expect(result?.status).toBe('unknown')
    expect(result?.reason).toMatch(/connection was lost/)
  })
})

describe('a declared confirmation goes to the operator', () => {
  it('declined: quit is typed, and lunash reporting the result ends the run as failed', async () => {
    const f = reading(wipe)
    f.show("Type 'proceed' to continue, or 'quit' to quit now.\r\n> ")
    await vi.advanceTimersByTimeAsync(0)
    expect(f.callbacks.confirm).toHaveBeenCalledOnce()
    expect(f.typed.at(-1)).toBe('quit\r')
    expect(f.flight.state).toBe('resync')
    f.show('quit\r\nCommand Result : 0 (Success)\r\n[hsm7] lunash:>')
    const result = await f.result()
    expect(result).toMatchObject({ status: 'failed', resultCode: 0 })
    expect(result?.reason).toBe('The operator declined; quit was sent and nothing changed.')
  })

  it('abort while the operator is being asked answers quit, never proceed', async () => {
    const f = reading(wipe, { confirm: () => new Promise(() => undefined) })
    f.show("Type 'proceed' to continue, or 'quit' to quit now.\r\n> ")
    await vi.advanceTimersByTimeAsync(0)
    expect(f.flight.waitingOnOperator).toBe(true)
    f.flight.abort()
    await vi.advanceTimersByTimeAsync(0)
    expect(f.typed).not.toContain('proceed\r')
    expect(f.typed.at(-1)).toBe('quit\r')
    expect(f.flight.resyncReason).toMatch(/^Aborted: quit was sent/)
  })
})
