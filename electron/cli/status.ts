/**
 * `rackside status --json <target> | --profile NAME`: the overview's read-back for scripts, through the app's
 * session layer (console.ts) and the same runner, era rules and parsers as the Overview panel.
 * Exit codes: 0 read; 1 the appliance could not be read (one line on stderr); 2 usage; 3 read with problems.
 */
import { eraOfVersion, hsmShow, softwareVersionIn, type Era } from '../../shared/lunash/commands'
import { readOverview, type ReadRunner } from '../host/procedure-status'
import type { RunResult } from '../runner/runner'
import { runInEra } from '../runner/run-in-era'
import { numberOption, parseCommandLine, stringOption } from './args'
import { openApplianceConsole, refuseEverything, type ApplianceConsole } from './console'
import { appDataDir } from '../sessions/data-dir'
import { CliError, usageError } from './errors'
import { hostTrust } from './host-trust'
import { keychainIdFor, keychainPassword, readStdinLine, refuseCommandLinePassword } from './password'
import { describeTarget, parseTarget, profileTarget, type Target } from './target'

export const statusUsage =
  (): string => `Usage: rackside status --json (<ssh://admin@host[:port] | serial:/dev/ttyUSB0[@baud]> | --profile NAME)
                       [--host-key SHA256:...] [--known-hosts FILE] [--password-stdin] [--keychain-id ID]
                       [--timeout SECONDS]

Reads the appliance (hsm show, network, NTLS, partitions, clients, time, policies) and prints it as JSON.
  --profile NAME      a connection profile saved in the app (its name or id), with the admin password
                      the app keeps for it in the OS keychain
  --host-key FP       the SSH host key to accept (SHA256:...); otherwise the keys Rackside remembers,
                      then OpenSSH's known_hosts. An unknown key is refused.
  --known-hosts FILE  the OpenSSH known_hosts file to consult (default ~/.ssh/known_hosts)
  --password-stdin    read the admin password from the first line of standard input
  --keychain-id ID    the keychain entry of a target given by address (default: the address)
  --timeout SECONDS   how long to wait for the connection and the login (default 20)
The data folder is the app's (${appDataDir()}); RACKSIDE_DATA_DIR overrides it.
Exit codes: 0 read; 1 not read (one line on stderr); 2 usage; 3 read with problems.`

export interface StatusOptions {
  target: Target
  hostKey?: string
  knownHosts?: string
  passwordStdin: boolean
  keychainId?: string
  timeoutMs: number
  dataDir: string
}

/** The options of `rackside status`, or undefined when --help asked for the usage. */
export function parseStatusArgs(argv: string[]): StatusOptions | undefined {
  refuseCommandLinePassword(argv)
  const { values, positionals, help } = parseCommandLine(argv, {
    json: { type: 'boolean' },
    profile: { type: 'string' },
    'host-key': { type: 'string' },
    'known-hosts': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'keychain-id': { type: 'string' },
    timeout: { type: 'string' },
  })
  if (help) return undefined
  const timeout = stringOption(values, 'timeout')
  const timeoutMs =
    timeout === undefined
      ? 20_000
      : numberOption('--timeout', timeout, { min: 1, max: 3600, unit: 'seconds' }) * 1000
  const profile = stringOption(values, 'profile')
  if (positionals.length > 1) throw usageError(`Unexpected argument ${positionals[1]}: give one target.`)
  if (profile !== undefined && positionals.length)
    throw usageError(`Give a target or --profile, not both (${positionals[0]} and --profile ${profile}).`)
  if (profile === undefined && !positionals.length)
    throw usageError(
      'Give the target: ssh://admin@host[:port], serial:/dev/ttyUSB0[@baud] or --profile NAME.',
    )
  if (values.json !== true) throw usageError('Only --json output exists for now: add --json.')
  const dataDir = appDataDir()
  const target = profile !== undefined ? profileTarget(dataDir, profile) : parseTarget(positionals[0]!)
  const hostKey = stringOption(values, 'host-key')
  const knownHosts = stringOption(values, 'known-hosts')
  const keychainId = stringOption(values, 'keychain-id')
  return {
    target,
    ...(hostKey !== undefined ? { hostKey } : {}),
    ...(knownHosts !== undefined ? { knownHosts } : {}),
    ...(keychainId !== undefined ? { keychainId } : {}),
    passwordStdin: values['password-stdin'] === true,
    timeoutMs,
    dataDir,
  }
}

/** An SSH login by key or agent needs no password; everything else logs in with the admin password. */
function needsPassword(target: Target): boolean {
  return target.kind === 'serial' || !['publickey', 'agent'].includes(target.ssh.auth ?? 'password')
}

export async function status(options: StatusOptions): Promise<{ json: unknown; exitCode: number }> {
  const { target } = options
  const trust =
    target.kind === 'ssh'
      ? hostTrust({
          host: target.ssh.host,
          port: target.ssh.port,
          dataDir: options.dataDir,
          ...(options.hostKey !== undefined ? { hostKey: options.hostKey } : {}),
          ...(options.knownHosts !== undefined ? { knownHostsFile: options.knownHosts } : {}),
        })
      : undefined
  const password = options.passwordStdin
    ? await readStdinLine()
    : needsPassword(target)
      ? await keychainPassword(target, keychainIdFor(target, options.keychainId))
      : undefined
  const link = await openApplianceConsole(target, {
    password,
    ...(trust ? { trust } : {}),
    timeoutMs: options.timeoutMs,
  })
  try {
    const overview = await readOverview(await eraReads(link, target.era), [])
    const where = describeTarget(target)
    const { procedures, ...rest } = overview
    const json = { target: where, ...rest, procedures }
    if (overview.problems.length > 0 && overview.hsm === null)
      throw new CliError(`${where}: nothing could be read: ${overview.problems[0]?.reason ?? 'no answer'}`)
    return { json, exitCode: overview.problems.length > 0 ? 3 : 0 }
  } finally {
    await link.close()
  }
}

/**
 * The reads in the appliance's era, as the Overview panel types them: the era the profile pins, else the one its
 * banner named, else one read with hsm show (the same line in every era); still unknown, the rows as written.
 */
async function eraReads(link: ApplianceConsole, pinned: Era | undefined): Promise<ReadRunner> {
  const eraNow = (): Era | undefined => {
    const version = link.version()
    return pinned ?? (version === undefined ? undefined : eraOfVersion(version))
  }
  let era = eraNow()
  if (era === undefined) {
    const read = await link.runner.run(hsmShow, {}, refuseEverything)
    const facts = read.facts as { softwareVersion?: string } | undefined
    const version = facts?.softwareVersion ?? softwareVersionIn(read.transcript)
    era = eraNow() ?? (version === undefined ? undefined : eraOfVersion(version))
  }
  return (spec, fields): Promise<RunResult> =>
    runInEra(spec, era, fields, (row) => link.runner.run(row, fields, refuseEverything))
}
