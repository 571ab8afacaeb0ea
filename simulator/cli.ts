import { parseArgs } from 'node:util'
import { startSimulator, type Simulator, type SimulatorOptions } from './index'

/**
 * `npm run simulator -- [--ssh PORT] [--serial PATH] [--ntls PORT] [--state FILE] [--era 4|5|6|7] [--count N]
 * [--client-root DIR] [--host ADDR] [--line-rate]`
 */

const USAGE =
  'usage: npm run simulator -- [--ssh PORT] [--serial PATH] [--ntls PORT] [--state FILE] [--era 4|5|6|7] [--count N] [--client-root DIR] [--host 127.x.x.x] [--line-rate]'

export class UsageError extends Error {}

/** The options node:util parseArgs reads (the simulator keeps its own parser: it never imports app code). */
const OPTIONS = {
  ssh: { type: 'string' },
  ntls: { type: 'string' },
  serial: { type: 'string' },
  state: { type: 'string' },
  'client-root': { type: 'string' },
  host: { type: 'string' },
  era: { type: 'string' },
  count: { type: 'string' },
  'line-rate': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function port(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new UsageError(`${flag} needs a port number 0-65535, got "${value}"`)
  return Number(value)
}

/** parseArgs' refusals, in the simulator's words. */
function usageOf(error: unknown): UsageError {
  const e = error as { code?: string; message?: string }
  const option = /'(-{1,2}[^'\s=]+)/.exec(e.message ?? '')?.[1] ?? ''
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option "${option}"`)
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return new UsageError(
      /does not take an argument/.test(e.message ?? '')
        ? `${option} takes no value`
        : `${option} needs a value`,
    )
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return new UsageError(`unexpected argument ${/'([^']*)'/.exec(e.message ?? '')?.[1] ?? ''}`)
  return new UsageError(e.message ?? String(error))
}

/** Options from the command line; --help throws a UsageError with no message (the usage alone, exit 0). */
export function parseCli(argv: string[]): SimulatorOptions {
  let values: {
    [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean
  }
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw usageOf(error)
  }
  if (values.help) throw new UsageError('')
  for (const [name, value] of Object.entries(values))
    if (value === '') throw new UsageError(`--${name} needs a value`)
  const options: SimulatorOptions = {}
  if (values.ssh !== undefined) options.sshPort = port('--ssh', values.ssh)
  if (values.ntls !== undefined) options.ntlsPort = port('--ntls', values.ntls)
  if (values.serial !== undefined) options.serialPath = values.serial
  if (values.state !== undefined) options.stateFile = values.state
  if (values['client-root'] !== undefined) options.clientRoot = values['client-root']
  if (values.host !== undefined) options.host = values.host
  if (values.era !== undefined) {
    // 4: Luna SA 3.x/4.x as the HID guide shows it (`net …`, `Command Result: 0`, factory password chrysalis).
    if (!['4', '5', '6', '7'].includes(values.era))
      throw new UsageError(`--era must be 4, 5, 6 or 7, got "${values.era}"`)
    options.era = Number(values.era) as 4 | 5 | 6 | 7
  }
  if (values.count !== undefined) {
    if (!/^\d+$/.test(values.count) || Number(values.count) < 1 || Number(values.count) > 16)
      throw new UsageError(`--count must be a number 1-16, got "${values.count}"`)
    options.count = Number(values.count)
  }
  if (values['line-rate']) options.serialLineRate = true
  return options
}

export function describe(sim: Simulator): string {
  const lines: string[] = []
  for (const [index, handle] of sim.appliances.entries()) {
    lines.push(
      `appliance ${index + 1}: serial ${handle.serial}, ${handle.hostname()}, era ${handle.appliance.era}`,
    )
    lines.push(`  ssh     ${handle.ssh.host}:${handle.ssh.port}  host key ${handle.ssh.hostKeyFingerprint}`)
    lines.push(`  ntls    ${handle.ntls.host}:${handle.ntls.port}`)
    if (handle.serialConsole) lines.push(`  serial  ${handle.serialConsole.path}  (115200 8N1)`)
  }
  lines.push(`vtl          ${sim.vtlPath}`)
  lines.push(`client root  ${sim.clientRoot}`)
  return `${lines.join('\n')}\n`
}

/** Runs the simulator command line; `defaults` are what the launcher knows (e.g. the built vtl's command). */
export async function main(defaults: SimulatorOptions = {}): Promise<void> {
  let options: SimulatorOptions
  try {
    options = { ...defaults, ...parseCli(process.argv.slice(2)) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // --help is an answer (stdout, exit 0); a bad flag is a refusal (stderr, exit 2).
    if (message) process.stderr.write(`simulator: ${message}\n${USAGE}\n`)
    else process.stdout.write(`${USAGE}\n`)
    process.exitCode = message ? 2 : 0
    return
  }
  let sim: Simulator
  try {
    sim = await startSimulator(options)
  } catch (error) {
    process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
    return
  }
  const stop = () => {
    process.stdout.write('Stopping.\n')
    void sim.stop().finally(() => process.exit(0))
  }
  // Before the ready line: whoever waits for it may stop the simulator at once.
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  process.stdout.write(describe(sim))
  process.stdout.write('Running; Ctrl-C to stop.\n')
}

if (process.argv[1] && /simulator[\\/]cli\.ts$/.test(process.argv[1])) void main()
