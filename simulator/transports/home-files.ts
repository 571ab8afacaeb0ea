import type { ApplianceContract } from '../appliance/contract'

/** The admin's home as SCP/SFTP see it. Everything is a bare name in one flat folder. */
export const HOME = '/home/admin'

/** Get-only files (7.x docs: server.pem and client_syslog.pem cannot be overwritten over SFTP or SCP). */
const READ_ONLY = new Set(['server.pem', 'client_syslog.pem'])

export type PathVerdict =
  | { ok: true; name: string }
  | { ok: true; home: true }
  | { ok: false; reason: string }

/**
 * Maps a client path to a bare file name in the admin home. `../` anywhere is refused, as on the 7.9+ appliance;
 * subfolders do not exist.
 */
export function resolveHomePath(path: string): PathVerdict {
  if (path.split('/').includes('..')) return { ok: false, reason: 'Permission denied' }
  let rest = path.trim()
  if (rest.startsWith(HOME)) rest = rest.slice(HOME.length)
  rest = rest.replace(/^~\/?/, '').replace(/^\/+/, '')
  while (rest.startsWith('./')) rest = rest.slice(2)
  rest = rest.replace(/\/+$/, '')
  if (rest === '' || rest === '.' || rest === '~') return { ok: true, home: true }
  if (rest.includes('/')) return { ok: false, reason: 'No such file or directory' }
  return { ok: true, name: rest }
}

export function isReadOnly(name: string): boolean {
  return READ_ONLY.has(name)
}

/** A valid uploaded file name: no path, no control characters. */
export function isValidFileName(name: string): boolean {
  const control = [...name].some((char) => char.charCodeAt(0) < 0x20)
  return (
    name.length > 0 && name.length <= 255 && !control && !/[/\\]/.test(name) && name !== '.' && name !== '..'
  )
}

/** The files the transports know about: the appliance's plus those uploaded through them in this run. */
export class HomeFiles {
  private readonly uploaded = new Set<string>()

  constructor(private readonly appliance: ApplianceContract) {}

  read(name: string): Buffer | undefined {
    return this.appliance.readFile(name)
  }

  write(name: string, data: Buffer): void {
    this.appliance.writeFile(name, data)
    this.uploaded.add(name)
  }

  /** The contract has no listing; SFTP directory reads show server.pem and what was uploaded here. */
  names(): string[] {
    const names = ['server.pem', ...this.uploaded]
    return [...new Set(names)].filter((name) => this.read(name) !== undefined)
  }
}
