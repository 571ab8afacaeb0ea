/**
 * `npm run bench`: every figure is printed and written to bench-results.json as {name, value, unit, goal, pass},
 * each a ratio or a difference against a reference measured in the same run. Benchmarks, not tests: nothing
 * here fails the build; a figure that misses its goal says pass: false.
 *
 *   npm run bench [-- --only console|latency|runner]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { benchArgs, benchUsage } from './args'
import { benchConsole, type BenchEntry } from './console'
import { benchLatency } from './latency'

async function main(): Promise<void> {
  let parsed: ReturnType<typeof benchArgs>
  try {
    parsed = benchArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${benchUsage}\n`)
    process.exitCode = 2
    return
  }
  if (!parsed) return void process.stdout.write(`${benchUsage}\n`)
  const { only } = parsed
  const started = Date.now()
  const entries: BenchEntry[] = []
  const run = async (name: string, fn: () => Promise<BenchEntry[]>) => {
    if (only && only !== name) return
    process.stderr.write(`bench ${name}…\n`)
    try {
      entries.push(...(await fn()))
    } catch (error) {
      process.stderr.write(
        `bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
      process.exitCode = 1
    }
  }
  await run('latency', () => benchLatency(100))
  await run('console', () => benchConsole())
  // The command runner's bring-up benchmark (runner owner), when present in this checkout.
  if (existsSync(join(import.meta.dirname, 'runner-bringup.ts')))
    await run('runner', async () => (await import('./runner-bringup')).benchRunnerBringup(3))

  const { mergeResults } = await import('./results')
  mergeResults(join(process.cwd(), 'bench-results.json'), entries)
  for (const e of entries)
    process.stdout.write(`${e.pass ? 'PASS' : 'MISS'}  ${e.name}: ${e.value} ${e.unit} (goal ${e.goal})\n`)
  process.stdout.write(`bench-results.json written; ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
}

void main()
