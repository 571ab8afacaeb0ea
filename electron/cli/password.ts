/**
 * The admin password for `rackside status`: the first line of standard input (--password-stdin), or the entry
 * the app keeps in the OS keychain — for a saved profile, the one its guided first login stored under the
 * profile's id; otherwise the entry named with --keychain-id (default: the address, lower-cased with dashes).
 * Never from the command line.
 */
import type { Target } from './target'
import { CliError } from './errors'

export function refuseCommandLinePassword(argv: string[]): void {
  if (argv.some((a) => a === '--password' || a.startsWith('--password=')))
    throw new CliError(
      '--password is refused: a password on the command line is visible to every user of this computer. Use --password-stdin or the keychain.',
      2,
    )
}

export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  if (line === '') throw new CliError('--password-stdin: the first line of standard input is empty.')
  return line
}

/** The keychain id for a target: the saved profile's id, else --keychain-id, else one made from the address. */
export function keychainIdFor(target: Target, keychainId: string | undefined): string {
  if (target.profile) return target.profile.id
  if (keychainId !== undefined) return keychainId
  return (target.kind === 'ssh' ? target.ssh.host : target.serial.path)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

export async function keychainPassword(target: Target, id: string): Promise<string> {
  const whose = target.profile ? `the profile "${target.profile.name}"` : `"${id}" (use --keychain-id)`
  let password: string | undefined
  try {
    const { openVault } = await import('../vault')
    password = await openVault().get({ kind: 'appliance-admin', applianceId: id })
  } catch (error) {
    throw new CliError(
      `No password: --password-stdin was not given and the keychain could not be read (${error instanceof Error ? error.message : String(error)}).`,
    )
  }
  if (password === undefined)
    throw new CliError(
      `No password: --password-stdin was not given and the keychain has no admin password for ${whose}.`,
    )
  return password
}
