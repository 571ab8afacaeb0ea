/**
 * What `rackside status` reads: a target written on the command line (`ssh://admin@host[:port]`,
 * `serial:/dev/ttyUSB0[@baud]`) or a connection profile the app saved, found by its name or id.
 */
import { serialSettings, type ProfileSpec, type SerialSettings, type SshSettings } from '../../shared/api'
import type { Era } from '../../shared/lunash/commands'
import { openProfileStore } from '../sessions/profiles'
import { CliError, usageError } from './errors'

export type Target = (
  | { kind: 'ssh'; ssh: Pick<SshSettings, 'host' | 'port' | 'username'> & Partial<SshSettings> }
  | { kind: 'serial'; serial: SerialSettings }
) & {
  /** The saved profile it came from: its id names the admin password the app keeps in the keychain. */
  profile?: { id: string; name: string }
  /** The era the profile pins, whatever the appliance prints. */
  era?: Era
}

export function parseTarget(text: string): Target {
  const ssh = /^ssh:\/\/([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?\/?$/.exec(text)
  if (ssh) {
    const port = ssh[3] === undefined ? 22 : Number(ssh[3])
    if (port < 1 || port > 65535) throw usageError(`Port ${port} in ${text} is not a port number.`)
    return {
      kind: 'ssh',
      ssh: { username: ssh[1] ?? 'admin', host: (ssh[2] ?? '').replace(/^\[|\]$/g, ''), port },
    }
  }
  const serial = /^serial:(\/[^@\s]+|COM\d+)(?:@(\d{3,7}))?$/.exec(text)
  if (serial) {
    const parsed = serialSettings.safeParse({ path: serial[1], baudRate: Number(serial[2] ?? 115200) })
    if (parsed.success) return { kind: 'serial', serial: parsed.data }
  }
  throw usageError(`"${text}" is not a target. Use ssh://admin@host[:port] or serial:/dev/ttyUSB0[@baud].`)
}

/** How the JSON names the target: the form a script would pass back. */
export function describeTarget(target: Target): string {
  return target.kind === 'ssh'
    ? `ssh://${target.ssh.username}@${target.ssh.host}:${target.ssh.port}`
    : `serial:${target.serial.path}@${target.serial.baudRate}`
}

function describeSaved(p: ProfileSpec & { id: string }): string {
  if (p.kind === 'ssh') return `"${p.name}" (ssh ${p.ssh.username}@${p.ssh.host}:${p.ssh.port})`
  if (p.kind === 'serial') return `"${p.name}" (serial ${p.serial.path})`
  return `"${p.name}" (local terminal)`
}

/**
 * The saved profile called `name` (its name, any case, or its id) in the app's data folder. An unknown name is
 * a usage error that lists the saved ones, so the operator can pick without opening the app.
 */
export function profileTarget(dataDir: string, name: string): Target {
  const store = openProfileStore(dataDir)
  const saved = store
    .list()
    .map((p) => store.get(p.id))
    .filter((p): p is ProfileSpec & { id: string } => p?.id !== undefined)
  const wanted = name.trim().toLowerCase()
  const found = saved.find((p) => p.id === name) ?? saved.find((p) => p.name.trim().toLowerCase() === wanted)
  if (!found)
    throw usageError(
      saved.length === 0
        ? `There is no saved profile "${name}": no connection profiles are saved in ${store.path}.`
        : `There is no saved profile "${name}". Saved profiles: ${saved.map(describeSaved).join(', ')}.`,
    )
  const profile = { id: found.id, name: found.name }
  if (found.kind === 'ssh')
    return { kind: 'ssh', ssh: found.ssh, profile, ...(found.era ? { era: found.era } : {}) }
  if (found.kind === 'serial')
    return { kind: 'serial', serial: found.serial, profile, ...(found.era ? { era: found.era } : {}) }
  throw new CliError(`"${found.name}" is a local terminal profile: it has no appliance to read.`, 2)
}
