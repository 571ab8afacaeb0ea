import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseStatusArgs } from './status'

const target = 'ssh://admin@10.0.0.5:2222'
let saved: string | undefined

beforeEach(() => {
  saved = process.env.RACKSIDE_DATA_DIR
  process.env.RACKSIDE_DATA_DIR = mkdtempSync(join(tmpdir(), 'rackside-status-args-'))
})
afterEach(() => {
  if (saved === undefined) delete process.env.RACKSIDE_DATA_DIR
  else process.env.RACKSIDE_DATA_DIR = saved
})

describe('rackside status arguments', () => {
  it('takes --opt value and --opt=value alike', () => {
    const fp = `SHA256:${'A'.repeat(43)}`
    const a = parseStatusArgs(['--json', target, '--host-key', fp, '--timeout', '30'])
    const b = parseStatusArgs(['--json', `--host-key=${fp}`, '--timeout=30', target])
    expect(a).toEqual(b)
    expect(a).toMatchObject({
      hostKey: fp,
      timeoutMs: 30_000,
      target: { kind: 'ssh', ssh: { host: '10.0.0.5', port: 2222, username: 'admin' } },
    })
  })

  it('--help asks for the usage, whatever else is given', () => {
    expect(parseStatusArgs(['--help'])).toBeUndefined()
    expect(parseStatusArgs(['-h', '--json', target])).toBeUndefined()
  })

  it.each([
    [
      ['--json', target, '--timeout', 'abc'],
      '--timeout needs a whole number from 1 to 3600 (seconds), not "abc".',
    ],
    [
      ['--json', target, '--timeout=1e3'],
      '--timeout needs a whole number from 1 to 3600 (seconds), not "1e3".',
    ],
    [['--json', target, '--timeout=0'], '--timeout needs a whole number from 1 to 3600 (seconds), not "0".'],
    [['--json', target, '--colour'], 'Unknown option --colour.'],
    [['--json', target, '--host-key'], '--host-key needs a value.'],
    [['--json', target, '--json=yes'], '--json takes no value.'],
    [['--json'], 'Give the target: ssh://admin@host[:port], serial:/dev/ttyUSB0[@baud] or --profile NAME.'],
    [[target], 'Only --json output exists for now: add --json.'],
    [['--json', target, 'ssh://admin@b'], 'Unexpected argument ssh://admin@b: give one target.'],
    [['--json', target, '--profile', 'Rack 7'], 'Give a target or --profile, not both'],
    [['--json', 'telnet://x'], '"telnet://x" is not a target.'],
    [['--json', target, '--password', 'secret'], '--password is refused'],
    [['--json', target, '--password=secret'], '--password is refused'],
  ])('%j is a usage error (exit 2): %s', (args, message) => {
    expect(() => parseStatusArgs(args)).toThrow(message)
    try {
      parseStatusArgs(args)
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2)
    }
  })

  it('an unknown profile when none is saved says where it looked', () => {
    expect(() => parseStatusArgs(['--json', '--profile', 'Rack 7'])).toThrow(
      `There is no saved profile "Rack 7": no connection profiles are saved in ${join(process.env.RACKSIDE_DATA_DIR!, 'profiles.json')}.`,
    )
  })
})
