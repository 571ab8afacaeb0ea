/**
 * The desktop app as its own command line: `Rackside status --json …`, `Rackside transcript verify …` and
 * `Rackside --vtl …` (the demo's simulated vtl) run in the app binary and open no window. A packaged app has no
 * Node to run bin/rackside.mjs or the built vtl.js with (its RunAsNode fuse is off), so the binary does it.
 * main.ts asks here before anything else; undefined means: no command, start the app.
 */

/** The CLI's commands (cli.ts); anything else, e.g. Chromium switches or a file to open, starts the app. */
const cliCommands = new Set(['status', 'transcript', 'help'])

export type CommandLineRequest = { kind: 'cli'; args: string[] } | { kind: 'vtl'; args: string[] }

/**
 * `argv` is process.argv: the binary, then (started as `electron <app folder>` during development, `defaultApp`)
 * the app folder, then the operator's words.
 */
export function commandLineRequest(
  argv: readonly string[],
  defaultApp: boolean,
): CommandLineRequest | undefined {
  const args = argv.slice(defaultApp ? 2 : 1)
  const [first, ...rest] = args
  if (first === '--vtl') return { kind: 'vtl', args: rest }
  if (first !== undefined && cliCommands.has(first)) return { kind: 'cli', args }
  return undefined
}

/** Runs the command this process was started with and returns its exit code; undefined when there is none. */
export async function runCommandLine(
  argv: readonly string[] = process.argv,
  defaultApp = (process as { defaultApp?: boolean }).defaultApp === true,
): Promise<number | undefined> {
  const request = commandLineRequest(argv, defaultApp)
  if (!request) return undefined
  if (request.kind === 'vtl') {
    // Loaded only when asked: the app starts without the simulator in memory.
    const { main } = await import('../simulator/vtl/main')
    await main(request.args)
    return Number(process.exitCode ?? 0)
  }
  const { main } = await import('./cli')
  return main(request.args)
}
