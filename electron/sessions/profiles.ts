/**
 * Saved connection profiles: `profiles.json` in the app's data folder, written atomically. A profile holds
 * where and how to connect, never a secret: the schema (shared/api.ts `profileSpec`) is strict, so a profile
 * with a `password`, `passphrase` or any other unknown field is refused, and every file read back is checked
 * against it again. Passwords go to the keychain or are typed in the console.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  RacksideError,
  profileSpec,
  type ConnectionProfile,
  type ProfileSpec,
  type ProfileSpecInput,
} from '../../shared/api'
import { writeFileAtomic } from './known-hosts'
import { portPresent } from './serial-ports'

export interface ProfileStore {
  readonly path: string
  list(): ConnectionProfile[]
  get(id: string): ProfileSpec | undefined
  save(profile: ProfileSpecInput): ConnectionProfile
  remove(id: string): void
}

export function describeProfile(p: ProfileSpec & { id: string }): ConnectionProfile {
  const target =
    p.kind === 'ssh'
      ? `${p.ssh.username}@${p.ssh.host}${p.ssh.port === 22 ? '' : `:${p.ssh.port}`} (${p.ssh.auth})`
      : p.kind === 'serial'
        ? `${p.serial.path} @ ${p.serial.baudRate} ${p.serial.dataBits}${p.serial.parity[0]!.toUpperCase()}${p.serial.stopBits}`
        : `Local terminal${p.cwd ? ` in ${p.cwd}` : ''}`
  const present = p.kind === 'serial' ? portPresent(p.serial.path) : undefined
  return { id: p.id, name: p.name, kind: p.kind, target, ...(present === undefined ? {} : { present }) }
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'profile'

export function openProfileStore(dataDir: string, reserved: readonly string[] = []): ProfileStore {
  const path = join(dataDir, 'profiles.json')
  const load = (): (ProfileSpec & { id: string })[] => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new RacksideError({
        code: 'internal',
        message: `The saved connections in ${path} cannot be read (${(error as Error).message}). Fix or remove the file.`,
      })
    }
    const list = (raw as { profiles?: unknown }).profiles
    if (!Array.isArray(list)) return []
    // Anything that no longer passes the schema (say, a hand-added password) is left out, not trusted.
    return list.flatMap((p) => {
      const parsed = profileSpec.safeParse(p)
      return parsed.success && parsed.data.id ? [parsed.data as ProfileSpec & { id: string }] : []
    })
  }
  const write = (profiles: ProfileSpec[]) =>
    writeFileAtomic(path, JSON.stringify({ version: 1, profiles }, null, 2) + '\n')

  return {
    path,
    list: () => load().map(describeProfile),
    get: (id) => load().find((p) => p.id === id),
    save(input) {
      const parsed = profileSpec.safeParse(input)
      if (!parsed.success)
        throw new RacksideError({
          code: 'invalid-request',
          message: `The profile was not saved: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}.`,
        })
      const profile = parsed.data
      if (profile.id && reserved.includes(profile.id))
        throw new RacksideError({
          code: 'invalid-request',
          message: 'The built-in profiles cannot be changed.',
        })
      const all = load()
      const id = profile.id ?? `${slug(profile.name)}-${randomBytes(3).toString('hex')}`
      const saved = { ...profile, id }
      const index = all.findIndex((p) => p.id === id)
      if (index >= 0) all[index] = saved
      else all.push(saved)
      write(all)
      return describeProfile(saved)
    },
    remove(id) {
      if (reserved.includes(id))
        throw new RacksideError({
          code: 'invalid-request',
          message: 'The built-in profiles cannot be deleted.',
        })
      const all = load()
      if (!all.some((p) => p.id === id))
        throw new RacksideError({ code: 'not-found', message: `There is no connection profile "${id}".` })
      write(all.filter((p) => p.id !== id))
    },
  }
}
