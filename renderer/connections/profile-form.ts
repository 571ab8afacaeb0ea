/**
 * The profile form's plain-value helpers: a new profile's defaults, filling an SSH profile from a
 * ~/.ssh/config Host alias, and the validation message shown above the Save button.
 */
import { profileSpec, type ProfileSpecInput, type SshConfigHost } from '../../shared/api'

export type ProfileKind = ProfileSpecInput['kind']
export type SshProfileInput = Extract<ProfileSpecInput, { kind: 'ssh' }>
export type SerialProfileInput = Extract<ProfileSpecInput, { kind: 'serial' }>

const serialDefaults = {
  path: '',
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rtscts: false,
  xon: false,
  newline: 'cr',
  localEcho: false,
} as const

export function newProfile(kind: ProfileKind): ProfileSpecInput {
  if (kind === 'ssh')
    return {
      kind,
      name: '',
      ssh: {
        host: '',
        port: 22,
        username: 'admin',
        auth: 'password',
        legacyAlgorithms: false,
        keepaliveSeconds: 15,
      },
    }
  if (kind === 'serial') return { kind, name: '', serial: { ...serialDefaults } }
  return { kind, name: 'Local terminal' }
}

export const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Fills the form from a Host alias as ssh -G resolves it; a field the config leaves unset keeps its value. */
export function withSshConfigHost(p: ProfileSpecInput, h: SshConfigHost): ProfileSpecInput {
  if (p.kind !== 'ssh') return p
  const { jumpHost: _jump, ...ssh } = p.ssh
  return {
    ...p,
    name: p.name || h.alias,
    ssh: {
      ...ssh,
      host: h.hostName,
      port: h.port,
      ...(h.user !== undefined ? { username: h.user } : {}),
      ...(h.keyPath !== undefined ? { auth: 'publickey' as const, keyPath: h.keyPath } : {}),
      ...(h.jumpHost !== undefined ? { jumpHost: h.jumpHost } : {}),
    },
  }
}

/** What is wrong with the profile, field by field ("ssh.host: …; …"), or undefined when it may be saved. */
export function profileProblems(profile: ProfileSpecInput): string | undefined {
  const checked = profileSpec.safeParse(profile)
  if (checked.success) return undefined
  return checked.error.issues
    .map((i) => `${i.path.slice(1).join('.') || i.path.join('.')}: ${i.message}`)
    .join('; ')
}

export function profileFormTitle(initial: ProfileSpecInput, kind: ProfileKind): string {
  return `${initial.id ? 'Edit' : 'New'} ${kind === 'ssh' ? 'SSH' : kind === 'serial' ? 'serial' : 'local terminal'} profile`
}
