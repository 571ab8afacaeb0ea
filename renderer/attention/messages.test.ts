import { describe, expect, it } from 'vitest'
import type { RunnerPromptEvent } from '../../shared/api'
import { promptMessage, waitingMessage } from './messages'

const prompt = (over: Partial<RunnerPromptEvent>): RunnerPromptEvent => ({
  sessionId: 's1',
  promptId: 'p1',
  kind: 'confirm',
  commandId: 'hsm.init',
  title: 'Initialise the HSM',
  command: 'hsm init -label luna-sa-1',
  question: "Type 'proceed' to continue",
  warning: '',
  destructive: true,
  ...over,
})

describe('what a waiting operator is told', () => {
  it('names the step and its command for a confirmation, one notification per question', () => {
    const m = promptMessage(prompt({}))
    expect(m.title).toBe('Initialise the HSM')
    expect(m.body).toContain('hsm init -label luna-sa-1')
    expect(m.body).toMatch(/^Destructive/)
    expect(m.tag).toBe(promptMessage(prompt({})).tag)
    expect(m.tag).not.toBe(promptMessage(prompt({ promptId: 'p2' })).tag)
  })

  it('names the PED key colour and role to present', () => {
    const m = promptMessage(
      prompt({
        kind: 'ped',
        ped: { operation: 'initialize HSM', keys: [{ colour: 'blue', role: 'HSM Security Officer' }] },
      }),
    )
    expect(m.title).toBe('PED: Initialise the HSM')
    expect(m.body).toBe('Present the blue key (HSM Security Officer) at the PED.')
  })

  it('never carries what is typed at a password prompt, only that one is asked for', () => {
    const m = promptMessage(prompt({ kind: 'password', secret: 'hsm-so-password', question: 'Password:' }))
    expect(m.body).toBe('The appliance asks for a password in Rackside.')
  })

  it('tells about a step waiting for the console, and nothing when it is not waiting', () => {
    const waiting = { kind: 'confirm' as const, text: 'proceed?', message: 'a question is open' }
    expect(waitingMessage({ sessionId: 's1', busy: true, command: 'hsm show', waiting })).toEqual({
      title: 'Waiting: hsm show',
      body: 'a question is open',
      tag: 'rackside-waiting-s1',
    })
    expect(waitingMessage({ sessionId: 's1', busy: true, command: 'hsm show' })).toBeUndefined()
    expect(waitingMessage({ sessionId: 's1', busy: false, waiting })).toBeUndefined()
  })
})
