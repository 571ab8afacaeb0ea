import { startSimulator, type Simulator, type SimulatorOptions } from './index'

/**
 * `npm run simulator -- [--ssh PORT] [--serial PATH] [--ntls PORT] [--state FILE] [--era 4|5|6|7] [--count N]
 * [--client-root DIR] [--host ADDR] [--line-rate]`
 */

const USAGE =
  'usage: npm run simulator -- [--ssh PORT] [--serial PATH] [--ntls PORT] [--state FILE] [--era 4|5|6|7] [--count N] [--client-root DIR] [--host 127.x.x.x] [--line-rate]'

export class UsageError extends Error {}

const KNOWN = [
  '--ssh',
  '--ntls',
  '--serial',
  '--state',
  '--client-root',
  '--host',
  '--era',
  '--count',
  '--line-rate',
  '--help',
  '-h',
]

function port(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new UsageError(`${flag} needs a port number 0-65535, got "${value}"`)
  return Number(value)
}

export function parseCli(argv: string[]): SimulatorOptions {
  const options: SimulatorOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string
    const [name, inline] = flag.includes('=')
      ? (flag.split(/=(.*)/s, 2) as [string, string])
      : [flag, undefined]
    if (!KNOWN.includes(name)) throw new UsageError(`unknown option "${name}"`)
    const takesValue = !['--line-rate', '--help', '-h'].includes(name)
    const value = inline ?? (takesValue ? argv[++i] : undefined)
    if (takesValue && (value === undefined || value === '')) throw new UsageError(`${name} needs a value`)
    const text = value as string
    switch (name) {
      case '--ssh':
        options.sshPort = port(name, text)
        break
      case '--ntls':
        options.ntlsPort = port(name, text)
        break
      case '--serial':
        options.serialPath = text
        break
      case '--state':
        options.stateFile = text
        break
      case '--client-root':
        options.clientRoot = text
        break
      case '--host':
        options.host = text
        break
      case '--era':
        // 4: Luna SA 3.x/4.x as the HID guide shows it (`net …`, `Command Result: 0`, factory password chrysalis).
        if (!['4', '5', '6', '7'].includes(text))
          throw new UsageError(`--era must be 4, 5, 6 or 7, got "${text}"`)
        options.era = Number(text) as 4 | 5 | 6 | 7
        break
      case '--count':
        if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 16) {
          throw new UsageError(`--count must be a number 1-16, got "${text}"`)
        }
        options.count = Number(text)
        break
      case '--line-rate':
        options.serialLineRate = true
        break
      case '--help':
      case '-h':
        throw new UsageError('')
      default:
        throw new UsageError(`unknown option "${name}"`)
    }
  }
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
    process.stderr.write(message ? `simulator: ${message}\n${USAGE}\n` : `${USAGE}\n`)
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
