import ssh2 from 'ssh2'
import type { Attributes, SFTPWrapper } from 'ssh2'
import { HOME, isReadOnly, isValidFileName, resolveHomePath, type HomeFiles } from './home-files'

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp

type OpenHandle =
  | { kind: 'read'; name: string; data: Buffer }
  | { kind: 'write'; name: string; chunks: Map<number, Buffer> }
  | { kind: 'dir'; listed: boolean }

function fileAttrs(size: number): Attributes {
  const now = Math.floor(Date.now() / 1000)
  return { mode: 0o100644, uid: 0, gid: 0, size, atime: now, mtime: now }
}

function dirAttrs(): Attributes {
  const now = Math.floor(Date.now() / 1000)
  return { mode: 0o040755, uid: 0, gid: 0, size: 4096, atime: now, mtime: now }
}

function assemble(chunks: Map<number, Buffer>): Buffer {
  let size = 0
  for (const [offset, chunk] of chunks) size = Math.max(size, offset + chunk.length)
  const out = Buffer.alloc(size)
  for (const [offset, chunk] of chunks) chunk.copy(out, offset)
  return out
}

/**
 * The 7.x SFTP subsystem over the admin home: server.pem (and client_syslog.pem) get-only, uploads allowed,
 * `../` refused, no subfolders, nothing removable.
 */
export function serveSftp(sftp: SFTPWrapper, files: HomeFiles): void {
  const handles = new Map<string, OpenHandle>()
  let counter = 0
  // When the client closes its side, close ours, or OpenSSH waits forever; with exit status 0 first, as
  // sftp-server's exit gives, or scp reports failure (status -1). ssh2's SFTP has no exit(): use its protocol.
  sftp.on('end', () => {
    const channel = sftp as unknown as {
      _protocol?: { exitStatus(id: number, status: number): void }
      outgoing?: { id: number; state: string }
    }
    if (channel.outgoing?.state === 'open') channel._protocol?.exitStatus(channel.outgoing.id, 0)
    sftp.end()
  })
  const newHandle = (open: OpenHandle): Buffer => {
    const handle = Buffer.alloc(4)
    handle.writeUInt32BE(counter++)
    handles.set(handle.toString('hex'), open)
    return handle
  }

  const statPath = (reqid: number, path: string) => {
    const verdict = resolveHomePath(path)
    if (!verdict.ok) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, verdict.reason)
    if ('home' in verdict) return sftp.attrs(reqid, dirAttrs())
    const data = files.read(verdict.name)
    if (!data) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file')
    return sftp.attrs(reqid, fileAttrs(data.length))
  }

  sftp.on('REALPATH', (reqid, path) => {
    const verdict = resolveHomePath(path)
    if (!verdict.ok) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, verdict.reason)
    const full = 'home' in verdict ? HOME : `${HOME}/${verdict.name}`
    sftp.name(reqid, [
      { filename: full, longname: full, attrs: 'home' in verdict ? dirAttrs() : fileAttrs(0) },
    ])
  })
  sftp.on('STAT', statPath)
  sftp.on('LSTAT', statPath)

  sftp.on('OPEN', (reqid, filename, flags) => {
    const verdict = resolveHomePath(filename)
    if (!verdict.ok) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, verdict.reason)
    if ('home' in verdict) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Is a directory')
    const writing = (flags & (OPEN_MODE.WRITE | OPEN_MODE.CREAT | OPEN_MODE.TRUNC | OPEN_MODE.APPEND)) !== 0
    if (writing) {
      if (isReadOnly(verdict.name) || !isValidFileName(verdict.name)) {
        return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'Permission denied')
      }
      return sftp.handle(reqid, newHandle({ kind: 'write', name: verdict.name, chunks: new Map() }))
    }
    const data = files.read(verdict.name)
    if (!data) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file')
    sftp.handle(reqid, newHandle({ kind: 'read', name: verdict.name, data }))
  })

  sftp.on('READ', (reqid, handle, offset, length) => {
    const open = handles.get(handle.toString('hex'))
    if (open?.kind !== 'read') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle')
    if (offset >= open.data.length) return sftp.status(reqid, STATUS_CODE.EOF)
    sftp.data(reqid, open.data.subarray(offset, offset + length))
  })

  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const open = handles.get(handle.toString('hex'))
    if (open?.kind !== 'write') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle')
    open.chunks.set(offset, Buffer.from(data))
    sftp.status(reqid, STATUS_CODE.OK)
  })

  sftp.on('FSTAT', (reqid, handle) => {
    const open = handles.get(handle.toString('hex'))
    if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle')
    if (open.kind === 'dir') return sftp.attrs(reqid, dirAttrs())
    const size = open.kind === 'read' ? open.data.length : assemble(open.chunks).length
    sftp.attrs(reqid, fileAttrs(size))
  })

  // Permissions and times cannot be changed on the appliance; accepting keeps `scp -p` quiet.
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK))
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK))

  sftp.on('CLOSE', (reqid, handle) => {
    const key = handle.toString('hex')
    const open = handles.get(key)
    if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle')
    handles.delete(key)
    if (open.kind === 'write') files.write(open.name, assemble(open.chunks))
    sftp.status(reqid, STATUS_CODE.OK)
  })

  sftp.on('OPENDIR', (reqid, path) => {
    const verdict = resolveHomePath(path)
    if (!verdict.ok) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, verdict.reason)
    if (!('home' in verdict)) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'Not a directory')
    sftp.handle(reqid, newHandle({ kind: 'dir', listed: false }))
  })

  sftp.on('READDIR', (reqid, handle) => {
    const open = handles.get(handle.toString('hex'))
    if (open?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle')
    if (open.listed) return sftp.status(reqid, STATUS_CODE.EOF)
    open.listed = true
    const entries = files.names().map((name) => {
      const size = files.read(name)?.length ?? 0
      return {
        filename: name,
        longname: `-rw-r--r--    1 admin    admin    ${size} ${name}`,
        attrs: fileAttrs(size),
      }
    })
    sftp.name(reqid, entries)
  })

  const denied = (reqid: number) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'Permission denied')
  sftp.on('REMOVE', denied)
  sftp.on('RMDIR', denied)
  sftp.on('MKDIR', denied)
  sftp.on('RENAME', denied)
  sftp.on('SYMLINK', denied)
  sftp.on('READLINK', (reqid) => sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file'))
}
