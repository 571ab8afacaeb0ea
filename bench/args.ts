/**
 * The command lines of `npm run bench` and `npm run campaign`, through the CLI's parseArgs helpers: --opt=value
 * works, numbers are checked, unknown options are refused (exit 2) and --help prints the usage (exit 0).
 */
import { numberOption, parseCommandLine, stringOption } from '../electron/cli/args'
import { usageError } from '../electron/cli/errors'
import { FAULT_KINDS, type FaultKind } from './campaign/faults'

export const benchUsage = 'Usage: npm run bench [-- --only console|latency|runner]'
export const campaignUsage =
  'Usage: npm run campaign [-- --runs N] [--seed S] [--quick] [--no-keychain] [--keep-data] [--verbose] [--only commandId,…] [--fault kind,…]'

const BENCHES = ['console', 'latency', 'runner']

/** undefined: --help was asked. */
export function benchArgs(argv: string[]): { only?: string } | undefined {
  const { values, positionals, help } = parseCommandLine(argv, { only: { type: 'string' } })
  if (help) return undefined
  if (positionals.length) throw usageError(`Unexpected argument ${positionals[0]}.`)
  const only = stringOption(values, 'only')
  if (only !== undefined && !BENCHES.includes(only))
    throw usageError(`--only takes ${BENCHES.join(', ')}, not "${only}".`)
  return only === undefined ? {} : { only }
}

export interface CampaignArgs {
  runs: number
  seed: number
  quick: boolean
  noKeychain: boolean
  keepData: boolean
  verbose: boolean
  procedures?: string[]
  faults?: FaultKind[]
}

/** undefined: --help was asked. */
export function campaignArgs(argv: string[], randomSeed: () => number): CampaignArgs | undefined {
  const { values, positionals, help } = parseCommandLine(argv, {
    runs: { type: 'string' },
    seed: { type: 'string' },
    quick: { type: 'boolean' },
    'no-keychain': { type: 'boolean' },
    'keep-data': { type: 'boolean' },
    verbose: { type: 'boolean' },
    only: { type: 'string' },
    fault: { type: 'string' },
  })
  if (help) return undefined
  if (positionals.length) throw usageError(`Unexpected argument ${positionals[0]}.`)
  const count = (name: string, max: number, fallback: () => number): number => {
    const text = stringOption(values, name)
    return text === undefined ? fallback() : numberOption(`--${name}`, text, { min: 1, max })
  }
  const list = (name: string): string[] | undefined =>
    stringOption(values, name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  const faults = list('fault')
  const unknown = faults?.find((f) => !(FAULT_KINDS as readonly string[]).includes(f))
  if (unknown !== undefined)
    throw usageError(`--fault: "${unknown}" is not a fault kind (${FAULT_KINDS.join(', ')}).`)
  const procedures = list('only')
  return {
    runs: count('runs', 1_000_000, () => 1_000),
    seed: count('seed', 2 ** 31, randomSeed),
    quick: values.quick === true,
    noKeychain: values['no-keychain'] === true,
    keepData: values['keep-data'] === true,
    verbose: values.verbose === true,
    ...(procedures ? { procedures } : {}),
    ...(faults ? { faults: faults as FaultKind[] } : {}),
  }
}
