/**
 * `npx rackside …`, the headless entry:
 *   status --json <target> | --profile NAME   the overview's read-back for scripts (cli/status.ts)
 *   transcript verify [--json] [FILE|FOLDER…]  checks transcripts' seals (cli-transcript.ts)
 * Every command takes --help. It connects through the app's own sessions (cli/console.ts): the same SSH and
 * serial sessions, host-key checks against Rackside's known hosts, login and prompt handling as the app.
 * The password comes from --password-stdin or the OS keychain, never from the command line.
 */
import { transcriptCommand } from './cli-transcript'
import { CliError } from './cli/errors'
import { parseStatusArgs, status, statusUsage } from './cli/status'

export { CliError } from './cli/errors'

const usage = `Usage: rackside <command> [options]

Commands:
  status --json <target> | --profile NAME   read an appliance and print it as JSON
  transcript verify [--json] [FILE|FOLDER…]  check the seals of transcripts

Run rackside <command> --help for a command's options.`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process[command === undefined ? 'stderr' : 'stdout'].write(`${usage}\n`)
    return command === undefined ? 2 : 0
  }
  if (command === 'transcript') {
    const { stdout, stderr, exitCode } = await transcriptCommand(rest)
    process.stdout.write(stdout)
    process.stderr.write(stderr)
    return exitCode
  }
  if (command !== 'status') {
    process.stderr.write(`rackside: unknown command "${command}".\n${usage}\n`)
    return 2
  }
  try {
    const options = parseStatusArgs(rest)
    if (!options) {
      process.stdout.write(`${statusUsage()}\n`)
      return 0
    }
    const { json, exitCode } = await status(options)
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    if (exitCode === 3) process.stderr.write('rackside: some reads did not complete; see "problems".\n')
    return exitCode
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`rackside: ${message.split('\n')[0]}\n`)
    return error instanceof CliError ? error.exitCode : 1
  }
}

if (process.argv[1] && /electron[/\\]cli\.ts$/.test(process.argv[1]))
  void main(process.argv.slice(2)).then((code) => process.exit(code))
