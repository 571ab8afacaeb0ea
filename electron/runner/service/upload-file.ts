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
 * fits with room to spare; the upload holds the whole file in memory before it sends it, so the limit is also
 * what one upload may cost.
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

/** Refuses what cannot be uploaded; otherwise reads the file and returns its bytes. */
export async function readUploadFile(
  localPath: string,
  options: { platform?: string; limit?: number } = {},
): Promise<Buffer> {
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
  try {
    const opened = await handle.stat()
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev || opened.size > limit)
      throw refuse(`${localPath} changed while Rackside was checking it. Try again.`)
    const data = Buffer.alloc(opened.size)
    let filled = 0
    while (filled < data.length) {
      const { bytesRead } = await handle.read(data, filled, data.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled !== opened.size || (await handle.stat()).size !== opened.size)
      throw refuse(`${localPath} changed while Rackside was reading it. Try again once it is complete.`)
    return data
  } finally {
    await handle.close()
  }
}
