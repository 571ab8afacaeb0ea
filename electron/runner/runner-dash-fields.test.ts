/**
 * A name that begins with a dash would be read by lunash as an option (`hsm init -label -force`). The runner
 * refuses it before it types anything at all: not the command, not an Enter, not an answer.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  clientAssignPartition,
  clientRegister,
  hsmInit,
  partitionCreate,
  serialLogin,
  type AnyCommand,
} from '../../shared/lunash/commands'
import { CommandRunner, type RunCallbacks } from './runner'
import { ScriptedShell } from './testing/scripted-shell'

const callbacks = (): RunCallbacks => ({
  confirm: vi.fn(async () => ({ proceed: true })),
  secret: vi.fn(async () => 'Sup3r-Secret!'),
  ped: vi.fn(),
})

describe('the runner refuses a name that begins with a dash and types nothing', () => {
  const cases: [string, AnyCommand, Record<string, unknown>, string][] = [
    ['hsm init -label -force', hsmInit, { label: '-force' }, 'HSM label'],
    ['an en dash label', hsmInit, { label: '\u2013force' }, 'HSM label'],
    ['partition create -partition -f', partitionCreate, { partition: '-f' }, 'Partition name'],
    ['client register -client -x', clientRegister, { client: '-x', address: '10.0.0.9' }, 'Client name'],
    [
      'client assignPartition -partition -force',
      clientAssignPartition,
      { client: 'web01', partition: '-force' },
      'Partition name',
    ],
    ['a serial login as -admin', serialLogin, { user: '-admin' }, 'User name'],
  ]

  it.each(cases)('%s', async (_name, spec, fields, field) => {
    const shell = new ScriptedShell({})
    const runner = new CommandRunner(shell, { promptQuietMs: 10, resyncMs: 200 })
    const asked = callbacks()
    const result = await runner.run(spec, fields, asked)
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/^Nothing was sent: .* begins with "[-\u2013]"/)
    expect(result.fieldErrors).toEqual([expect.objectContaining({ field })])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(shell.written).toEqual([])
    expect(asked.confirm).not.toHaveBeenCalled()
    expect(asked.secret).not.toHaveBeenCalled()
  })
})
