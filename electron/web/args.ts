/** The browser host's command line (`npm run start:web -- [--port N] [--host ADDR]`), through the CLI's helpers. */
import { numberOption, parseCommandLine, stringOption } from '../cli/args'
import { usageError } from '../cli/errors'

export const webUsage = `Usage: npm run start:web -- [--port N] [--host 127.0.0.1]
Serves Rackside to a browser on this computer and prints the URL to open (with its one-time token).
  --port N     the port to listen on (default: any free one)
  --host ADDR  the loopback address to listen on (default 127.0.0.1)`

/** The options, or undefined when --help asked for the usage. Bad input is a usage error (exit 2). */
export function parseWebArgs(argv: string[]): { port: number; host: string } | undefined {
  const { values, positionals, help } = parseCommandLine(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
  })
  if (help) return undefined
  if (positionals.length) throw usageError(`Unexpected argument ${positionals[0]}.`)
  const port = stringOption(values, 'port')
  return {
    port: port === undefined ? 0 : numberOption('--port', port, { min: 0, max: 65535 }),
    host: stringOption(values, 'host') ?? '127.0.0.1',
  }
}
