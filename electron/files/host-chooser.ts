/**
 * The browser host's file chooser: it lists folders of the host's disk for the page, which cannot open an OS
 * dialog there. A page on the loopback socket is less trusted than a native dialog the operator clicks through,
 * so it sees only what a Rackside path can need: the operator's home and the standard Luna client folders.
 * Dotfiles and dot-folders stay hidden (they hold keys, tokens and shell history), except ~/.ssh when the path
 * is an SSH key; a symbolic link is followed only when where it lands is allowed too.
 */
import type { Dirent, Stats } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, posix, relative, sep, win32 } from 'node:path'
import { RacksideError, type FilePurpose, type Result } from '../../shared/api'
import { DEFAULT_CLIENT_FOLDERS } from '../client/locate'

export interface HostChooserOptions {
  /** The operator's home (default: os.homedir()). */
  home?: string
  /** Folders besides home (default: the standard Luna client folders of this platform). */
  roots?: string[]
  platform?: NodeJS.Platform
}

/** At most this many entries are listed: a folder of a million files must not freeze the page. */
const MAX_ENTRIES = 5000

const refuse = (message: string, code: 'invalid-request' | 'not-found' = 'invalid-request') =>
  new RacksideError({ code, message })

interface Root {
  path: string
  real: string
  home: boolean
}

async function rootsOf(options: HostChooserOptions): Promise<Root[]> {
  const platform = options.platform ?? process.platform
  const home = options.home ?? homedir()
  const others = options.roots ?? DEFAULT_CLIENT_FOLDERS[platform === 'win32' ? 'win32' : 'unix']
  const roots: Root[] = []
  for (const [i, path] of [home, ...others].entries()) {
    const real = await realpath(path).catch(() => undefined)
    if (real && !roots.some((r) => r.real === real)) roots.push({ path, real, home: i === 0 })
  }
  return roots
}

/**
 * Whether a real (symlink-free) path may be shown: inside a root, with no dot-named component below it, except
 * the home's .ssh folder (and what is in it) for an SSH key.
 */
function allowed(real: string, roots: Root[], purpose: FilePurpose): Root | undefined {
  for (const root of roots) {
    if (real !== root.real && !real.startsWith(root.real.endsWith(sep) ? root.real : root.real + sep))
      continue
    const parts = relative(root.real, real).split(sep).filter(Boolean)
    const hidden = parts.findIndex((p) => p.startsWith('.'))
    if (hidden === -1) return root
    if (hidden === 0 && parts[0] === '.ssh' && root.home && purpose === 'ssh-key' && parts.length <= 2)
      return root
  }
  return undefined
}

const where = (roots: Root[]) =>
  `your home folder${
    roots.length > 1
      ? ` and the Luna client folders (${roots
          .filter((r) => !r.home)
          .map((r) => r.path)
          .join(', ')})`
      : ''
  }`

/** The nearest folder at or above `path` that exists (a field may hold a file that is not there yet). */
async function existingFolder(path: string): Promise<string | undefined> {
  for (let p = path; ; p = dirname(p)) {
    const info = await stat(p).catch(() => undefined)
    if (info?.isDirectory()) return p
    if (info?.isFile()) return dirname(p)
    if (dirname(p) === p) return undefined
  }
}

/** Lists one folder for the host-side chooser, or refuses with what may be browsed instead. */
export async function listFolder(
  purpose: FilePurpose,
  folder: string | undefined,
  options: HostChooserOptions = {},
): Promise<Result<'files.list'>> {
  const platform = options.platform ?? process.platform
  const roots = await rootsOf(options)
  const home = roots.find((r) => r.home)
  if (!home)
    throw refuse('Your home folder cannot be read, so there is nothing to browse. Type the path instead.')
  const absolute = platform === 'win32' ? win32.isAbsolute : posix.isAbsolute
  if (folder !== undefined && !absolute(folder)) throw refuse(`"${folder}" is not an absolute path.`)

  const start = folder === undefined ? home.path : await existingFolder(folder)
  if (start === undefined)
    throw refuse(`There is no folder at or above ${folder}. Check the path.`, 'not-found')
  const real = await realpath(start)
  const root = allowed(real, roots, purpose)
  if (!root)
    throw refuse(
      `${start} is outside what Rackside shows in this browser: ${where(roots)}, without hidden folders. ` +
        'Type the path instead, or copy the file into your home folder.',
    )

  let dirents: Dirent[]
  try {
    dirents = await readdir(real, { withFileTypes: true })
  } catch (error) {
    throw refuse(`Cannot read ${start} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
  }
  const entries: Result<'files.list'>['entries'] = []
  for (const d of dirents) {
    if (entries.length >= MAX_ENTRIES) break
    const path = join(real, d.name)
    if (d.name.startsWith('.') && !allowed(path, roots, purpose)) continue
    let info: Stats | undefined = await lstat(path).catch(() => undefined)
    if (info?.isSymbolicLink()) {
      // Followed only when it lands where browsing may go: a link out of home shows nothing of where it points.
      const target = await realpath(path).catch(() => undefined)
      info = target && allowed(target, roots, purpose) ? await stat(target).catch(() => undefined) : undefined
    }
    if (!info || (!info.isFile() && !info.isDirectory())) continue
    entries.push({
      name: d.name,
      path,
      kind: info.isDirectory() ? 'folder' : 'file',
      size: info.isFile() ? info.size : 0,
    })
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1))
  const up = dirname(real)
  return {
    folder: real,
    parent: real !== root.real && up !== real && allowed(up, roots, purpose) ? up : null,
    roots: roots.map((r) => r.real),
    entries,
  }
}
