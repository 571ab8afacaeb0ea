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
import { campaignArgs, campaignUsage, type CampaignArgs } from './args'

async function main(): Promise<void> {
  let parsed: CampaignArgs | undefined
  try {
    parsed = campaignArgs(process.argv.slice(2), () => Math.floor(Math.random() * 2 ** 31) + 1)
  } catch (error) {
    process.stderr.write(`campaign: ${(error as Error).message}\n${campaignUsage}\n`)
    process.exitCode = 2
    return
  }
  if (!parsed) return void process.stdout.write(`${campaignUsage}\n`)
  const { runs, seed, verbose } = parsed
  process.stderr.write(`campaign: ${runs} runs, seed ${seed}\n`)
  let done = 0
  const results = await runCampaign({
    runs,
    seed,
    quick: parsed.quick,
    ...(parsed.noKeychain ? { keychain: false } : {}),
    keepData: parsed.keepData,
    only: {
      ...(parsed.procedures ? { procedures: parsed.procedures } : {}),
      ...(parsed.faults ? { faults: parsed.faults } : {}),
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
