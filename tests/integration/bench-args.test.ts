/** The bench and campaign command lines: --opt=value, checked numbers and names, and --help. */
import { describe, expect, it } from 'vitest'
import { benchArgs, campaignArgs } from '../../bench/args'

const seed = () => 42

describe('npm run bench / npm run campaign arguments', () => {
  it('take --opt value and --opt=value alike', () => {
    expect(benchArgs(['--only=latency'])).toEqual({ only: 'latency' })
    expect(campaignArgs(['--runs', '20', '--seed=7', '--quick', '--fault=garbage,slow-line'], seed)).toEqual({
      runs: 20,
      seed: 7,
      quick: true,
      noKeychain: false,
      keepData: false,
      verbose: false,
      faults: ['garbage', 'slow-line'],
    })
    expect(campaignArgs([], seed)).toMatchObject({ runs: 1_000, seed: 42 })
  })

  it('--help asks for the usage', () => {
    expect(benchArgs(['--help'])).toBeUndefined()
    expect(campaignArgs(['-h'], seed)).toBeUndefined()
  })

  it.each([
    [() => campaignArgs(['--runs', 'abc'], seed), '--runs needs a whole number from 1 to'],
    [() => campaignArgs(['--runs=0'], seed), '--runs needs a whole number from 1 to'],
    [() => campaignArgs(['--fault', 'meteor'], seed), '--fault: "meteor" is not a fault kind'],
    [() => campaignArgs(['--verbos'], seed), 'Unknown option --verbos.'],
    [() => benchArgs(['--only', 'everything']), '--only takes console, latency, runner, not "everything".'],
    [() => benchArgs(['--only']), '--only needs a value.'],
  ])('%s is refused with a message naming the option', (parse, message) => {
    expect(parse).toThrow(message)
  })
})
