/**
 * File transfer over SFTP, which Luna appliances offer from 7.9: one file read into memory (bounded) or written
 * from the upload source, in 32 KiB requests, with progress; a half-written upload is removed.
 */
import type ssh2 from 'ssh2'
import type { SFTPWrapper } from 'ssh2'
import { RacksideError } from '../../shared/errors'
import { chunksOf, ScpProtocolError, sizeOf, type Progress, type UploadData } from './scp-protocol'
import type { TransferConnection } from './transfer-connection'
export function openSftp(conn: TransferConnection): Promise<SFTPWrapper | undefined> {
  return new Promise((resolve) => {
    conn.client.sftp((error, sftp) => resolve(error ? undefined : sftp))
  })
}

/** Ends the SFTP channel and waits until the appliance confirmed the close, so the next channel starts clean. */
export function endSftp(sftp: SFTPWrapper): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000)
    sftp.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    sftp.end()
  })
}

export async function sftpRead(
  sftp: SFTPWrapper,
  name: string,
  maxBytes: number,
  onProgress?: (p: Progress) => void,
): Promise<Buffer> {
  const stats = await new Promise<ssh2.Stats>((resolve, reject) =>
    sftp.stat(name, (e, s) => (e ? reject(e) : resolve(s))),
  )
  if (stats.size > maxBytes)
    throw new ScpProtocolError(
      `The appliance reports ${stats.size} bytes for ${name}, more than the ${maxBytes} expected.`,
    )
  const handle = await new Promise<Buffer>((resolve, reject) =>
    sftp.open(name, 'r', (e, h) => (e ? reject(e) : resolve(h))),
  )
  const parts: Buffer[] = []
  let offset = 0
  try {
    onProgress?.({ transferred: 0, total: stats.size })
    for (;;) {
      const buffer = Buffer.alloc(32 * 1024)
      const n = await new Promise<number>((resolve, reject) =>
        sftp.read(handle, buffer, 0, buffer.length, offset, (e, bytes) => (e ? reject(e) : resolve(bytes))),
      )
      if (n === 0) break
      parts.push(buffer.subarray(0, n))
      offset += n
      if (offset > maxBytes)
        throw new ScpProtocolError(`${name} is larger than the ${maxBytes} bytes expected.`)
      onProgress?.({ transferred: offset, total: Math.max(stats.size, offset) })
    }
  } finally {
    await new Promise<void>((resolve) => sftp.close(handle, () => resolve()))
  }
  return Buffer.concat(parts, offset)
}

export async function sftpWrite(
  sftp: SFTPWrapper,
  name: string,
  data: UploadData,
  onProgress?: (p: Progress) => void,
): Promise<void> {
  const handle = await new Promise<Buffer>((resolve, reject) =>
    sftp.open(name, 'w', (e, h) => (e ? reject(e) : resolve(h))),
  )
  const total = sizeOf(data)
  let complete = false
  try {
    onProgress?.({ transferred: 0, total })
    let off = 0
    for await (const chunk of chunksOf(data)) {
      for (let at = 0; at < chunk.length; at += 32 * 1024) {
        const n = Math.min(32 * 1024, chunk.length - at)
        await new Promise<void>((resolve, reject) =>
          sftp.write(handle, chunk, at, n, off + at, (e) => (e ? reject(e) : resolve())),
        )
      }
      off += chunk.length
      onProgress?.({ transferred: off, total })
    }
    if (off !== total) throw new ScpProtocolError(`${name} ended after ${off} of ${total} bytes.`)
    complete = true
  } finally {
    await new Promise<void>((resolve) => sftp.close(handle, () => resolve()))
    // A source that failed half-way leaves no half file behind in the admin's home.
    if (!complete) await new Promise<void>((resolve) => sftp.unlink(name, () => resolve()))
  }
}

/** The local file failed (it changed or vanished): its own message says so better than "SFTP refused". */
export const isSourceFailure = (error: unknown): boolean => error instanceof RacksideError

export function sftpError(error: unknown, what: string): Error {
  if (error instanceof ScpProtocolError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ScpProtocolError(`The appliance's SFTP refused to ${what}: ${message}.`)
}
