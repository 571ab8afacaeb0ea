/**
 * The local file `runner.upload` sends to the appliance's admin home (a firmware or update package, a
 * certificate): an absolute path to a regular file of at most UPLOAD_LIMIT_BYTES. Anything else is refused before
 * a connection is opened, with a message saying what the path is and why it cannot be sent: a relative path
 * depends on where Rackside happened to start; a FIFO or a terminal would make the read wait forever; a device
 * such as /dev/zero never ends; a folder is not a file.
 */
import { constants } from 'node:fs'
import { lstat, open, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { posix, win32 } from 'node:path'
import { RacksideError } from '../../../shared/api'

/**
 * 1 GiB. Luna appliance update packages (.spkg) and firmware files are a few hundred MB at most, so any of them
 * fits with room to spare. The file is streamed from disk (a chunk at a time), so the limit is about catching the
 * wrong file, not about memory.
 */
export const UPLOAD_LIMIT_BYTES = 1024 ** 3

const refuse = (message: string, code: 'invalid-request' | 'not-found' = 'invalid-request') =>
  new RacksideError({ code, message })

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${bytes} bytes`
}

/** What a path that is not a regular file is, in words, and why that matters here. */
function notAFile(info: Stats): string | undefined {
  if (info.isFile()) return undefined
  if (info.isDirectory()) return 'a folder, not a file'
  if (info.isFIFO()) return 'a named pipe (FIFO), not a regular file: reading it can wait forever'
  if (info.isCharacterDevice()) return 'a character device, not a regular file'
  if (info.isBlockDevice()) return 'a block device (a disk), not a regular file'
  if (info.isSocket()) return 'a socket, not a regular file'
  return 'not a regular file'
}

/** The bytes read from disk at a time: what one upload holds in memory, besides the SSH window. */
export const UPLOAD_CHUNK_BYTES = 64 * 1024

/**
 * A checked file, open for reading, streamed to the appliance a chunk at a time. `chunks()` fails with a message
 * the operator can act on when the file shrinks, grows, is replaced or vanishes while it is being sent, so a
 * changed file is never reported as uploaded.
 */
export interface UploadSource {
  readonly path: string
  readonly size: number
  chunks(): AsyncGenerator<Buffer>
  close(): Promise<void>
}

/** Refuses what cannot be uploaded; otherwise opens the file for streaming. The caller closes it. */
export async function openUploadFile(
  localPath: string,
  options: { platform?: string; limit?: number; chunkBytes?: number } = {},
): Promise<UploadSource> {
  const platform = options.platform ?? process.platform
  const limit = options.limit ?? UPLOAD_LIMIT_BYTES
  const absolute = platform === 'win32' ? win32.isAbsolute(localPath) : posix.isAbsolute(localPath)
  if (!absolute)
    throw refuse(
      `"${localPath}" is not an absolute path. Give the whole path of the file (for example /home/you/Downloads/update.spkg), so it cannot depend on the folder Rackside was started in.`,
    )

  const link = await lstat(localPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw refuse(`There is no file ${localPath}. Check the path.`, 'not-found')
    throw refuse(
      `Cannot read ${localPath} (${error.code ?? error.message}). Check the path and its permissions.`,
    )
  })
  const viaLink = link.isSymbolicLink() ? ' (through a symbolic link)' : ''
  const info = viaLink
    ? await stat(localPath).catch(() => {
        throw refuse(`${localPath} is a symbolic link to a file that does not exist.`, 'not-found')
      })
    : link
  const kind = notAFile(info)
  if (kind) throw refuse(`${localPath} is ${kind}${viaLink}. Choose the file itself.`)
  if (info.size === 0) throw refuse(`${localPath} is empty (0 bytes): it cannot be the file to upload.`)
  if (info.size > limit)
    throw refuse(
      `${localPath} is ${size(info.size)}; the limit is ${size(limit)}. A Luna update package is a few hundred MB: check that this is the right file.`,
    )

  // Opened without blocking (a FIFO swapped in since the check cannot hang the open) and checked again through
  // the handle: it must still be the same regular file, no larger than the limit.
  const handle = await open(
    localPath,
    constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0),
  ).catch((error: NodeJS.ErrnoException) => {
    throw refuse(`Cannot read ${localPath} (${error.code ?? error.message}). Check its permissions.`)
  })
  const opened = await handle.stat()
  if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev || opened.size > limit) {
    await handle.close()
    throw refuse(`${localPath} changed while Rackside was checking it. Try again.`)
  }
  const total = opened.size
  const chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES
  const changed = (what: string) =>
    refuse(
      `${localPath} ${what} while it was being uploaded. Nothing was kept as uploaded; try again once the file is complete.`,
    )

  // An open descriptor keeps reading a deleted or replaced file on POSIX systems, so the path is looked at
  // again as the upload goes: the operator means the file at that path, not the bytes it once had.
  const stillThere = async (): Promise<void> => {
    const now = await stat(localPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw changed('vanished (it was deleted or moved)')
      throw changed(`could no longer be read (${error.code ?? error.message})`)
    })
    if (now.ino !== opened.ino || now.dev !== opened.dev) throw changed('was replaced by another file')
    if (now.size !== total)
      throw changed(`changed size (${total} bytes when the upload began, ${now.size} now)`)
  }

  return {
    path: localPath,
    size: total,
    async *chunks() {
      let sent = 0
      while (sent < total) {
        const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, total - sent))
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, sent)
        if (bytesRead === 0) throw changed(`changed size (it ended after ${sent} of ${total} bytes)`)
        sent += bytesRead
        await stillThere()
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)
      }
      await stillThere()
    },
    close: () => handle.close(),
  }
}
