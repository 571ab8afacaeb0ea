/**
 * `npm run campaign [-- --runs N] [--seed S] [--quick] [--no-keychain] [--keep-data] [--verbose]
 *   [--only commandId,…] [--fault kind,…]`: the fault campaign
 * (bench/campaign/campaign.ts). Every guided procedure through the runner against the simulator, one fault drawn
 * per run, each verdict judged against the appliance's real state. Writes campaign-results.json; the goal is
 * 0 false done, 0 login attempts spent, 0 secrets leaked. A benchmark: it reports, it does not fail the build.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCampaign } from './campaign/campaign'
import type { FaultKind } from './campaign/faults'

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}

function count(name: string, fallback: number): number {
  const text = option(name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`${name} takes a whole number of at least 1, not "${text}".\n`)
    process.exit(2)
  }
  return value
}

async function main(): Promise<void> {
  const runs = count('--runs', 1_000)
  const seed = count('--seed', Math.floor(Math.random() * 2 ** 31) + 1)
  const verbose = process.argv.includes('--verbose')
  process.stderr.write(`campaign: ${runs} runs, seed ${seed}\n`)
  let done = 0
  const results = await runCampaign({
    runs,
    seed,
    quick: process.argv.includes('--quick'),
    ...(process.argv.includes('--no-keychain') ? { keychain: false } : {}),
    keepData: process.argv.includes('--keep-data'),
    only: {
      ...(option('--only') ? { procedures: (option('--only') ?? '').split(',') } : {}),
      ...(option('--fault') ? { faults: (option('--fault') ?? '').split(',') as FaultKind[] } : {}),
    },
    log: (line) => {
      done++
      if (verbose) process.stderr.write(`${line}\n`)
      else if (done % 25 === 0) process.stderr.write(`campaign: ${done}/${runs}\n`)
    },
  })
  const file = join(process.cwd(), 'campaign-results.json')
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  const goal = results.falseDone === 0 && results.loginAttemptsSpent === 0 && results.secretsLeaked === 0
  process.stdout.write(
    `${goal ? 'PASS' : 'MISS'}  ${results.runs} runs (seed ${results.seed}, ${results.durationS} s): ` +
      `falseDone ${results.falseDone}, loginAttemptsSpent ${results.loginAttemptsSpent}, ` +
      `secretsLeaked ${results.secretsLeaked} (goal 0, 0, 0)\n`,
  )
  for (const [fault, t] of Object.entries(results.byFault))
    process.stdout.write(
      `  ${fault.padEnd(22)} runs ${String(t.runs).padStart(4)}  done ${String(t.done).padStart(4)}  ` +
        `failed ${String(t.failed).padStart(4)}  unknown ${String(t.unknown).padStart(4)}  ` +
        `falseDone ${t.falseDone}  spent ${t.loginAttemptsSpent}  leaked ${t.secretsLeaked}  errors ${t.errors}\n`,
    )
  if (results.dataDir) process.stdout.write(`The host's data folder is kept: ${results.dataDir}\n`)
  process.stdout.write(`campaign-results.json written\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `campaign failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
