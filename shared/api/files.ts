/**
 * Choosing a local path (an SSH key, a firmware package, the Luna client folder, the cryptoki library) instead of
 * typing it. In Electron the OS dialog answers `files.choose`; the browser host has no window of its own to show
 * one in, so it answers `native: false` and the page browses the host's disk with `files.list`, which shows only
 * what the operator may need: their home and the standard Luna client folders, without dotfiles (but ~/.ssh when
 * the path is an SSH key).
 */
import { z } from 'zod'
import type { MethodSpecs } from './common'

/** What the path is for: picks the dialog's title and filters, and whether ~/.ssh may be browsed. */
export const filePurposes = [
  'ssh-key',
  'firmware',
  'certificate',
  'client-folder',
  'cryptoki-library',
  'config-file',
  'folder',
] as const
export type FilePurpose = (typeof filePurposes)[number]

/** The chooser's title for each purpose: the OS dialog's and the browser host's say the same. */
export const filePurposeTitles: Record<FilePurpose, string> = {
  'ssh-key': 'Choose the SSH private key',
  firmware: 'Choose the firmware or update package',
  certificate: 'Choose the certificate',
  'client-folder': 'Choose the Luna client folder',
  'cryptoki-library': 'Choose the cryptoki (PKCS#11) library',
  'config-file': 'Choose the file',
  folder: 'Choose the folder',
}

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  // eslint-disable-next-line no-control-regex -- the pattern refuses control characters
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)[^\u0000-\u001f\u007f]*$/, 'must be an absolute path on one line')

export const fileFilter = z
  .object({
    name: z.string().min(1).max(100),
    extensions: z
      .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'an extension without its dot, or *'))
      .min(1)
      .max(20),
  })
  .strict()
export type FileFilter = z.infer<typeof fileFilter>

export const fileEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['file', 'folder']),
  /** Bytes (files); 0 for folders. */
  size: z.number(),
})
export type FileEntry = z.infer<typeof fileEntry>

export const filesMethods = {
  'files.choose': {
    params: z
      .object({
        purpose: z.enum(filePurposes),
        kind: z.enum(['file', 'folder']),
        /** The field's current value: the dialog opens there. */
        current: z.string().max(4096).optional(),
        filters: z.array(fileFilter).max(10).optional(),
      })
      .strict(),
    /** `native: false`: this host shows no dialog; browse with files.list. `path: null`: the operator cancelled. */
    result: z.object({ path: z.string().nullable(), native: z.boolean() }),
  },
  'files.list': {
    params: z
      .object({
        purpose: z.enum(filePurposes),
        /** Absent: the operator's home. A file's path lists the folder it is in. */
        folder: absolutePath.optional(),
      })
      .strict(),
    result: z.object({
      folder: z.string(),
      /** The folder above, when it may be listed too. */
      parent: z.string().nullable(),
      /** Where browsing may go: home and the Luna client folders that exist. */
      roots: z.array(z.string()),
      entries: z.array(fileEntry),
    }),
  },
} satisfies MethodSpecs<'files'>
