import type { CommandContext, OptionSpec } from '../commandTable'
import { CommandFailure, failed, RC, usageError } from '../errors'
import { findPartition, type PartitionState } from '../state'

/** What the shell prints when the operator answers a confirmation with anything but `proceed`. */
export function cancelled(): CommandFailure {
  // unverified: NOT FOUND in reference (lunash's text after 'quit').
  return new CommandFailure('\nCommand aborted.\n')
}

/** Asks for `proceed` unless -force was given. */
export async function confirmOrCancel(ctx: CommandContext, text: string): Promise<void> {
  if (ctx.force) return
  if (!(await ctx.io.confirm(text))) throw cancelled()
}

export function requireOption(ctx: CommandContext, name: string): string {
  const value = ctx.option(name)
  if (value === undefined || value === '') throw usageError(`Missing required parameter: -${name}`)
  return value
}

export function requireInitialized(ctx: CommandContext): void {
  if (!ctx.app.state.hsm.initialized) {
    throw failed(ctx.command, RC.NOT_INITIALIZED, "Error:  The HSM is not initialized. Use 'hsm init' first.")
  }
}

/** 5.x/6.x: partition and policy work needs the HSM Admin (SO) logged in with `hsm login`. */
export function requireSoLogin(ctx: CommandContext): void {
  requireInitialized(ctx)
  if (!ctx.app.state.hsm.soLoggedIn) {
    throw failed(
      ctx.command,
      RC.SO_NOT_LOGGED_IN,
      "Error:  You must be logged in as HSM Admin to use this command. Use 'hsm login'.",
    )
  }
}

export function requirePartition(ctx: CommandContext, name: string): PartitionState {
  const partition = findPartition(ctx.app.state, name)
  if (!partition) {
    throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, 'Error:  Specified partition does not exist.')
  }
  return partition
}

/**
 * A secret typed twice at `> ` prompts that echo asterisks (hsm init, partition create). Returns the value from
 * the option instead when one was given on the command line.
 */
export async function askSecretTwice(
  ctx: CommandContext,
  given: string | undefined,
  first: string,
  second: string,
  minLength: number,
): Promise<string> {
  if (given !== undefined) {
    checkSecretLength(given, minLength)
    return given
  }
  const a = await ctx.io.ask(`\n${first}\n> `)
  const b = await ctx.io.ask(`\n${second}\n> `)
  // unverified: NOT FOUND in reference (mismatch and length errors).
  if (a !== b) throw usageError('The values you entered do not match.')
  checkSecretLength(a, minLength)
  return a
}

function checkSecretLength(value: string, minLength: number): void {
  if (value.length < minLength)
    throw usageError(`The password must be at least ${minLength} characters long.`)
}

export const FORCE: OptionSpec = { name: 'force', short: ['f'], flag: true }
