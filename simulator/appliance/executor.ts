import type { Role } from './contract'
import type { ApplianceCore } from './core'
import {
  parseArgs,
  tokenize,
  type Access,
  type CommandContext,
  type CommandIo,
  type CommandSpec,
  type CommandTable,
  type SessionInfo,
} from './commandTable'
import { CommandFailure, failed, RC, usageError } from './errors'
import { Interrupted, LineClosed } from './lineEditor'

export const SUCCESS = 'Command Result : 0 (Success)'
export const FAILURE = 'Command Result : 65535 (Luna Shell execution)'

/** The PED did not answer in time (fault `pedTimeout`). */
export class PedTimeout extends Error {}

/** A one-shot command reached a prompt: there is nobody to answer it. */
export class NoInput extends Error {}

export interface Execution {
  app: ApplianceCore
  table: CommandTable
  io: CommandIo
  session: SessionInfo
  hangup(reason: string): void
  /** Rejects with Interrupted when the user presses Ctrl-C during the command. */
  interrupted: Promise<never>
  /** Where the Command Result line goes, when it must bypass an output fault (garble); default io.print. */
  printResult?: (text: string) => void
}

const ALLOWED: Record<Role, Access[]> = {
  admin: ['read', 'write', 'admin'],
  operator: ['read', 'write'],
  monitor: ['read'],
}

export type LineResult = 'empty' | 'success' | 'failure' | 'interrupted' | 'closed'

/**
 * Runs one command line: resolves it, checks the role, runs it, and ends with the blank line and the
 * Command Result line. The caller prints the prompt.
 */
export async function executeLine(line: string, exec: Execution): Promise<LineResult> {
  const tokens = tokenize(line)
  if (tokens.length === 0) return 'empty'
  try {
    const spec = resolveSpec(tokens, exec)
    if (!spec) return finish(exec, 'success')
    await Promise.race([spec.spec.run(makeContext(spec.spec, spec.rest, exec)), exec.interrupted])
    return finish(exec, 'success')
  } catch (error) {
    if (error instanceof CommandFailure) {
      exec.io.print(error.body)
      return finish(exec, 'failure')
    }
    if (error instanceof Interrupted) return finish(exec, 'interrupted')
    if (error instanceof LineClosed) return 'closed'
    if (error instanceof PedTimeout) {
      exec.io.print(failed(commandName(tokens, exec), RC.PED_TIMEOUT).body)
      return finish(exec, 'failure')
    }
    if (error instanceof NoInput) {
      // unverified: NOT FOUND in reference (what lunash prints when a prompt meets end of input).
      exec.io.print('\n\nError:  No input available to answer the prompt; use -force to skip it.\n')
      return finish(exec, 'failure')
    }
    // A bug in a command must not take the session down with it.
    exec.io.print(
      `\nError:  Internal simulator error: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return finish(exec, 'failure')
  }
}

function finish(exec: Execution, result: 'success' | 'failure' | 'interrupted'): LineResult {
  const printResult = exec.printResult ?? exec.io.print
  // The era spells the line (4.x: `Command Result: 0 (Success)`).
  printResult(`\n${exec.app.profile.resultLine(result === 'success' ? 0 : 65535)}\n`)
  exec.app.commit()
  return result
}

function commandName(tokens: string[], exec: Execution): string {
  const resolution = exec.table.resolve(tokens)
  return resolution.kind === 'command' ? resolution.spec.words.join(' ') : tokens.join(' ')
}

/** Returns the command to run, or undefined when the line was a bare group (its listing is printed). */
function resolveSpec(tokens: string[], exec: Execution): { spec: CommandSpec; rest: string[] } | undefined {
  const resolution = exec.table.resolve(tokens)
  switch (resolution.kind) {
    case 'unknown':
      // unverified: NOT FOUND in reference (lunash's wording for an unknown command).
      throw usageError(`Invalid command: ${[...resolution.path, resolution.typed].join(' ')}`)
    case 'ambiguous':
      // unverified: NOT FOUND in reference (the ambiguity error text).
      throw usageError(
        `Ambiguous command: '${[...resolution.path, resolution.typed].join(' ')}'. ` +
          `Possible completions: ${resolution.candidates.join(' ')}`,
      )
    case 'group': {
      // unverified: NOT FOUND in reference (the listing lunash prints for a bare command group).
      const specs = exec.table.topLevel().filter((s) => resolution.path.every((w, i) => s.words[i] === w))
      exec.io.print(
        `\nThe following commands are available for '${resolution.path.join(' ')}':\n\n` +
          specs.map((s) => `  ${s.words.join(' ').padEnd(34)}${s.summary}\n`).join(''),
      )
      return undefined
    }
    case 'command': {
      if (!ALLOWED[exec.session.role].includes(resolution.spec.access)) {
        // unverified: NOT FOUND in reference (the refusal a restricted role sees).
        throw usageError(
          `'${resolution.spec.words.join(' ')}' is not available to the ${exec.session.role} role. ` +
            (exec.session.role === 'monitor'
              ? 'Monitor users may only view, list or show.'
              : 'This command requires the admin role.'),
        )
      }
      return { spec: resolution.spec, rest: resolution.rest }
    }
  }
}

function makeContext(spec: CommandSpec, rest: string[], exec: Execution): CommandContext {
  const parsed = parseArgs(spec, rest)
  return {
    app: exec.app,
    io: exec.io,
    session: exec.session,
    command: spec.words.join(' '),
    positional: parsed.positional,
    option: (name) => {
      const value = parsed.options.get(name)
      return typeof value === 'string' ? value : undefined
    },
    flag: (name) => parsed.options.has(name),
    force: parsed.options.has('force'),
    hangup: exec.hangup,
  }
}
