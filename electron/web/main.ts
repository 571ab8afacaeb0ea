/**
 * `npm run start:web [-- --port N]`: the built browser host (out/main/web.js, made by `npm run build`) serves the
 * built renderer on 127.0.0.1 and prints one line: the URL to open, token included. It opens nothing and builds
 * nothing: it needs only the production dependencies.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CliError } from '../cli/errors'
import { createAppLog } from '../log/app-log'
import { installCrashHandlers } from '../log/crash'
import { defaultDataDir } from '../sessions/consoles'
import { parseWebArgs, webUsage } from './args'
import { defaultRendererDir, startWebHost } from './server'

async function main(): Promise<void> {
  const options = parseWebArgs(process.argv.slice(2))
  if (!options) return void process.stdout.write(`${webUsage}\n`)
  const { port, host } = options

  if (!existsSync(join(defaultRendererDir, 'index.html')))
    throw new Error(
      `the renderer is not built (${defaultRendererDir} has no index.html): run npm run build first.`,
    )

  const appLog = createAppLog({ dir: join(defaultDataDir(), 'logs') })
  installCrashHandlers(appLog)
  appLog.info('web-host-started', { version: process.version })
  const web = await startWebHost({
    port,
    host,
    appLog,
    // A refused frame or client is one line on stderr, stamped in UTC like the transcripts' lines, and in the log.
    log: (line) => {
      process.stderr.write(`${new Date().toISOString()} rackside start:web: ${line}\n`)
      appLog.warn('web', { line })
    },
  })
  process.stdout.write(`Rackside is running at ${web.url}\n`)

  const stop = (): void => {
    void web
      .close()
      .then(() => appLog.close())
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException
  const message =
    e.code === 'EADDRINUSE'
      ? 'That port is already in use. Pick another with --port, or leave it out.'
      : e.message
  process.stderr.write(`rackside start:web: ${message}\n`)
  // A command line that cannot run is a usage error (2), as in every Rackside command.
  if (error instanceof CliError) process.stderr.write(`${webUsage}\n`)
  process.exit(error instanceof CliError ? error.exitCode : 1)
})
