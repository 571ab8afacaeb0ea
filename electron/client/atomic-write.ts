/**
 * Writing a file so that a crash, a full disk or a power cut leaves either the old file or the new one, never a
 * half-written mix: a temporary file in the same folder, fsync, rename over the target, fsync the folder.
 * A timestamped backup copy of the previous file is made first, next to it.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export class FileWriteError extends Error {
  readonly code = 'file-write-failed'
  constructor(path: string, step: string, cause: unknown) {
    const why =
      (cause as NodeJS.ErrnoException)?.code ?? (cause instanceof Error ? cause.message : String(cause))
    const hint =
      why === 'EACCES' || why === 'EPERM'
        ? ' Run Rackside with the rights to change this folder (on Windows, as an administrator), or choose another path.'
        : why === 'ENOSPC'
          ? ' The disk is full.'
          : ''
    super(`Could not ${step} ${path} (${why}). The previous file is unchanged.${hint}`)
    this.name = 'FileWriteError'
  }
}

/** For tests: called after the temporary file is complete and synced, just before the rename. */
export interface AtomicWriteHooks {
  beforeRename?: (tempPath: string) => Promise<void> | void
}

/** Temporary files of this target left by a write that was killed (older than ten minutes) are removed. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`
  const names = await readdir(dir).catch(() => [] as string[])
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.rackside-tmp')) continue
    const p = join(dir, n)
    const s = await stat(p).catch(() => undefined)
    if (s && Date.now() - s.mtimeMs > 10 * 60 * 1000) await unlink(p).catch(() => undefined)
  }
}

export async function atomicWrite(
  path: string,
  data: Uint8Array,
  options: { mode?: number } & AtomicWriteHooks = {},
): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.rackside-tmp`)
  let mode = options.mode
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o777
    } catch {
      mode = 0o644
    }
  }
  await removeStaleTemps(dir, basename(path))
  let step = 'create a temporary file next to'
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      step = 'write'
      let offset = 0
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset)
        offset += bytesWritten
      }
      step = 'flush to disk'
      await handle.sync()
    } finally {
      await handle.close()
    }
    await options.beforeRename?.(temp)
    step = 'replace'
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw new FileWriteError(path, step, error)
  }
  // Make the rename itself durable. Windows cannot open a folder for fsync; NTFS journals the rename.
  if (process.platform !== 'win32') {
    const d = await open(dir, 'r').catch(() => undefined)
    if (d) {
      await d.sync().catch(() => undefined)
      await d.close()
    }
  }
}

/** `20261128T160512.123Z`: sorts by time, has no characters Windows forbids in file names. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '')
}

/** Copies the current file to `<name>.<stamp>.bak` next to it (never over an existing backup). */
export async function backupFile(path: string, now = new Date()): Promise<string> {
  const base = `${path}.${backupStamp(now)}`
  for (let n = 0; n < 100; n++) {
    const candidate = n === 0 ? `${base}.bak` : `${base}-${n}.bak`
    try {
      await copyFile(path, candidate, constants.COPYFILE_EXCL)
      return candidate
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw new FileWriteError(path, 'back up', error)
    }
  }
  throw new FileWriteError(path, 'back up', new Error('too many backups with the same timestamp'))
}
