/**
 * The ActivID CMS slot files on disk: where they are, a preview (diff) of the change, and the write itself,
 * which re-checks that the file did not change since the preview, checks the slot through PKCS#11, backs the
 * old file up and replaces it atomically. The editing logic is pure and lives in shared/cmsconfig.
 *
 * Default places (HID, reference/hid-activid-configuring-network-hsms.txt, "Accessing Partitions"):
 * - cmsslot.ini: copied from `<CMS distribution>\HSM` to "the Windows folder" of the CMS server (%SystemRoot%).
 * - pkcs11.cfg: `%PROGRAMDATA%\HID Global\Credential Management System\Local Files\pkcs11.cfg`.
 * Both are configurable: the operator can point at any file.
 */
import { createHash } from 'node:crypto'
import { access, readFile, stat } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import type { EditPlan, SlotChoice } from '../../shared/cmsconfig/cms'
import {
  CMSSLOT_UNVERIFIED,
  cmsSlotIniTemplate,
  planCmsSlotIni,
  planPkcs11Cfg,
} from '../../shared/cmsconfig/cms'
import { unifiedDiff } from '../../shared/cmsconfig/diff'
import { atomicWrite, backupFile } from './atomic-write'

export interface CmsFilePaths {
  cmsSlotIni: string
  pkcs11Cfg: string
}

/** Where ActivID CMS for Windows keeps the two files, from the environment of the CMS server. */
export function defaultCmsPaths(env: Record<string, string | undefined> = process.env): CmsFilePaths {
  const windows = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows'
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData'
  return {
    cmsSlotIni: win32.join(windows, 'cmsslot.ini'),
    pkcs11Cfg: win32.join(
      programData,
      'HID Global',
      'Credential Management System',
      'Local Files',
      'pkcs11.cfg',
    ),
  }
}

export class CmsFileMissingError extends Error {
  readonly code = 'cms-file-missing'
  constructor(message: string) {
    super(message)
    this.name = 'CmsFileMissingError'
  }
}

export class FileChangedSincePreviewError extends Error {
  readonly code = 'file-changed'
  constructor(path: string) {
    super(
      `${path} changed after the preview was made (another program or person edited it). ` +
        'Nothing was written. Make the preview again and review the new diff.',
    )
    this.name = 'FileChangedSincePreviewError'
  }
}

export interface FilePreview extends EditPlan {
  path: string
  /** False when the file does not exist yet and the write creates it (cmsslot.ini from Rackside's template). */
  existed: boolean
  /** SHA-256 of the bytes the preview was made from; the write refuses if the file no longer has them. */
  beforeSha256: string
  choice: SlotChoice
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')
const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  )

async function readExisting(path: string, missing: () => CmsFileMissingError): Promise<Uint8Array> {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw missing()
    if (s.size > 1024 * 1024)
      throw new CmsFileMissingError(
        `${path} is ${s.size} bytes: too large to be a CMS configuration file. Check the path.`,
      )
    return new Uint8Array(await readFile(path))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missing()
    throw error
  }
}

/**
 * The diff that setting cmsslot.ini to `choice` would make. Throws ConfigFileCorruptError on a broken file.
 * A missing file is an error unless `createIfMissing`: then the preview creates Rackside's own (unverified) layout.
 * Prefer copying the distribution's file first (ensureCmsSlotIniFromDistribution).
 */
export async function previewCmsSlotIni(
  path: string,
  choice: SlotChoice,
  options: { createIfMissing?: boolean } = {},
): Promise<FilePreview> {
  if (options.createIfMissing && !(await exists(path))) {
    const after = cmsSlotIniTemplate(choice)
    const text = new TextDecoder().decode(after)
    return {
      file: 'cmsslot.ini',
      encoding: 'utf-8',
      bom: false,
      before: new Uint8Array(),
      after,
      changed: true,
      diff: unifiedDiff('', text, '/dev/null', 'b/cmsslot.ini'),
      changes: [`cmsslot.ini is created at ${path}.`],
      warnings: [CMSSLOT_UNVERIFIED],
      path,
      existed: false,
      beforeSha256: sha256(new Uint8Array()),
      choice,
    }
  }
  const before = await readExisting(
    path,
    () =>
      new CmsFileMissingError(
        `cmsslot.ini is not at ${path}. Copy it from your ActivID CMS distribution (its HSM folder) first; Rackside can do that for you, or create one.`,
      ),
  )
  return { ...planCmsSlotIni(before, choice), path, existed: true, beforeSha256: sha256(before), choice }
}

/** The diff that `slot=<id>` in pkcs11.cfg would make. Throws ConfigFileCorruptError on a broken file. */
export async function previewPkcs11Cfg(path: string, slotId: number): Promise<FilePreview> {
  const before = await readExisting(
    path,
    () =>
      new CmsFileMissingError(
        `pkcs11.cfg is not at ${path}. ActivID CMS creates it when it is installed: check that CMS is installed here, or choose the file's path.`,
      ),
  )
  return {
    ...planPkcs11Cfg(before, slotId),
    path,
    existed: true,
    beforeSha256: sha256(before),
    choice: { by: 'slot-id', slotId },
  }
}

export interface ApplyOptions {
  /** Proves the chosen slot exists through PKCS#11 (a physical partition or an HA virtual slot); throws if not. */
  checkSlot: (choice: SlotChoice) => Promise<unknown> | unknown
  now?: Date
  /** For tests: a fault between writing the temporary file and renaming it. */
  beforeRename?: (tempPath: string) => Promise<void> | void
}

export interface ApplyResult {
  path: string
  written: boolean
  /** The copy of the previous file, when one was written. */
  backupPath?: string
  sha256: string
}

/**
 * Writes an approved preview: the file must still hold the previewed bytes, the slot must exist, then the old
 * file is backed up and the new one replaces it atomically. Nothing is written when any check fails.
 */
export async function applyPreview(preview: FilePreview, options: ApplyOptions): Promise<ApplyResult> {
  const present = await exists(preview.path)
  if (present !== preview.existed) throw new FileChangedSincePreviewError(preview.path)
  if (present) {
    const current = new Uint8Array(await readFile(preview.path))
    if (sha256(current) !== preview.beforeSha256) throw new FileChangedSincePreviewError(preview.path)
  }
  await options.checkSlot(preview.choice)
  if (!preview.changed) return { path: preview.path, written: false, sha256: preview.beforeSha256 }
  const backupPath = present ? await backupFile(preview.path, options.now) : undefined
  await atomicWrite(preview.path, preview.after, {
    beforeRename: options.beforeRename,
    ...(present ? {} : { mode: 0o644 }),
  })
  return { path: preview.path, written: true, backupPath, sha256: sha256(preview.after) }
}

/**
 * HID's step: when cmsslot.ini is missing, copy it from the ActivID CMS distribution's HSM folder.
 * `distributionFolder` may be the distribution itself or its HSM folder. An existing file is left alone.
 */
export async function ensureCmsSlotIniFromDistribution(
  path: string,
  distributionFolder: string,
): Promise<{ path: string; source: 'existing' | 'distribution'; copiedFrom?: string }> {
  if (await exists(path)) return { path, source: 'existing' }
  const j = distributionFolder.includes('\\') ? win32.join : posix.join
  const candidates = [j(distributionFolder, 'HSM', 'cmsslot.ini'), j(distributionFolder, 'cmsslot.ini')]
  for (const c of candidates) {
    if (!(await exists(c))) continue
    await atomicWrite(path, new Uint8Array(await readFile(c)), { mode: 0o644 })
    return { path, source: 'distribution', copiedFrom: c }
  }
  throw new CmsFileMissingError(
    `No cmsslot.ini in ${distributionFolder} or in its HSM folder. Point Rackside at the ActivID CMS distribution folder, or let Rackside create the file.`,
  )
}
