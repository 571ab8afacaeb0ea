/**
 * A command as the appliance's era writes it, or, where that era has no such command, a failed result that says
 * so: the status reads and the overview both go on with the other reads rather than failing as a whole.
 */
import { rowFor, type AnyCommand, type Era } from '../../shared/lunash/commands'
import type { RunResult } from './types'

export async function runInEra(
  spec: AnyCommand,
  era: Era | undefined,
  fields: Record<string, unknown>,
  run: (row: AnyCommand) => Promise<RunResult>,
): Promise<RunResult> {
  const row = rowFor(spec, era, fields)
  if (row) return run(row)
  return {
    status: 'failed',
    commandId: spec.id,
    command: '',
    reason: `${spec.title} is not a command of ${era}.x appliances.`,
    interactions: [],
    transcript: '',
    durationMs: 0,
  }
}
