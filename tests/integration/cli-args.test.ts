/**
 * The `rackside` command line as a newcomer meets it: --help on every command and subcommand prints the usage
 * and exits 0; a number that is not one is a usage error naming the option (exit 2); nothing connects.
 */
import { describe, expect, it } from 'vitest'
import { cli } from '../support/rackside-cli'

describe('rackside --help', () => {
  it.each([
    [['--help'], /^Usage: rackside <command>/],
    [['status', '--help'], /^Usage: rackside status --json .*--profile NAME/s],
    [['transcript', 'verify', '--help'], /^Usage: rackside transcript verify .*Exit codes/s],
  ])('rackside %j prints the usage on stdout and exits 0', async (args, usage) => {
    const r = await cli(args)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(usage)
    expect(r.stderr).toBe('')
  })
})

describe('bad command lines are refused before anything connects', () => {
  it('--timeout abc: one usage line naming the option, exit 2', async () => {
    const r = await cli(['status', '--json', 'ssh://admin@127.0.0.1:1', '--timeout', 'abc'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('rackside: --timeout needs a whole number from 1 to 3600 (seconds), not "abc".\n')
    expect(r.stdout).toBe('')
  })

  it('an unknown command: the usage, exit 2', async () => {
    const r = await cli(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rackside: unknown command "frobnicate".\nUsage: rackside <command>/)
  })
})
