/**
 * Writes a small file of Rackside's own (settings, known hosts, profiles, window state) so that a crash leaves the
 * old file or the new one, never half of one: a temporary file beside it, synced, then renamed over it. Only the
 * operator may read it (0600). The CMS files, which need a backup and folder sync, use client/atomic-write.ts.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`
  const fd = openSync(temporary, 'w', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temporary, path)
}
