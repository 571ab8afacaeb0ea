/**
 * Runs `rackside` as a script would, with `stdin` on standard input: the CLI's sources through tsx, so a test
 * needs no build of out/ (which other tests and engineers share).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const tsx = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * The app's data folder the CLI sees: an empty one of its own unless the test gives one (`RACKSIDE_DATA_DIR`),
 * so no test reads or writes the real profiles and known hosts of whoever runs it.
 */
const emptyDataDir = mkdtempSync(join(tmpdir(), 'rackside-cli-data-'))

export function cli(
  args: string[],
  stdin = '',
  env: NodeJS.ProcessEnv = {},
  /** Told the CLI's process id once it runs (to see what it holds open). */
  spawned?: (pid: number) => void,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, 'electron/cli.ts', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, RACKSIDE_DATA_DIR: emptyDataDir, ...env },
    })
    if (child.pid !== undefined) spawned?.(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdin.end(stdin)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}
