/**
 * The CMS side of the client wizard: the PKCS#11 slots the Luna client's library lists, and cmsslot.ini /
 * pkcs11.cfg edited through a preview the operator approves (kept 30 minutes, applied once, only by its window).
 */
import { randomBytes } from 'node:crypto'
import { RacksideError } from '../../../shared/api'
import {
  applyPreview,
  checkSlotExists,
  defaultCmsPaths,
  ensureCmsSlotIniFromDistribution,
  listSlots,
  previewCmsSlotIni,
  previewPkcs11Cfg,
  resolveCryptokiLibrary,
  type FilePreview,
  type LunaClientInstall,
} from '../index'
import { checkedCmsFilePath, checkedFolder, checkedLibrary } from './paths'
import type { ClientService } from './types'

interface KeptPreview {
  client: string
  preview: FilePreview
  library: string | undefined
  at: number
}

const PREVIEW_TTL_MS = 30 * 60_000

export type CmsSteps = Pick<
  ClientService,
  'listSlots' | 'cmsDefaults' | 'preview' | 'apply' | 'copyFromDistribution'
> & {
  /** A window went away: its previews go. */
  forget(client: string): void
}

export function cmsSteps(ctx: {
  platform: string
  located: Map<string, LunaClientInstall & { demo: boolean }>
  wrap<T>(run: () => Promise<T>): Promise<T>
}): CmsSteps {
  const { platform, located, wrap } = ctx
  const previews = new Map<string, KeptPreview>()
  const sweep = (): void => {
    const now = Date.now()
    for (const [id, kept] of previews) if (now - kept.at > PREVIEW_TTL_MS) previews.delete(id)
  }
  return {
    listSlots: (client, params) =>
      wrap(async () => {
        const install = located.get(client)
        const configured = params.library ? await checkedLibrary(params.library, platform) : undefined
        const library = await resolveCryptokiLibrary({
          ...(configured ? { configured } : {}),
          ...(install?.configPath ? { chrystokiPath: install.configPath } : {}),
          ...(install ? { clientFolder: install.folder } : {}),
          platform,
        })
        const listing = await listSlots(library.path)
        // Plain copies: the contract's reply is an open object (it may carry more fields than it names).
        return {
          library: library.path,
          source: library.source,
          module: { ...listing.module },
          slots: listing.slots.map(({ token, ...slot }) => ({
            ...slot,
            ...(token ? { token: { ...token } } : {}),
          })),
        }
      }),

    cmsDefaults() {
      const d = defaultCmsPaths()
      return {
        ...d,
        note:
          platform === 'win32'
            ? 'These are where ActivID CMS for Windows keeps the files.'
            : 'ActivID CMS runs on Windows; on this computer choose where the files are (for example a copy to review).',
      }
    },

    preview: (client, params) =>
      wrap(async () => {
        sweep()
        const path = checkedCmsFilePath(params.path, params.file, platform)
        const library = params.library ? await checkedLibrary(params.library, platform) : undefined
        let preview: FilePreview
        if (params.file === 'cmsslot.ini')
          preview = await previewCmsSlotIni(path, params.choice, {
            ...(params.createIfMissing ? { createIfMissing: true } : {}),
          })
        else {
          if (params.choice.by !== 'slot-id')
            throw new RacksideError({
              code: 'invalid-request',
              message: 'pkcs11.cfg names the slot by its ID (slot=<id>): pick a slot ID.',
            })
          preview = await previewPkcs11Cfg(path, params.choice.slotId)
        }
        const previewId = `pv-${randomBytes(8).toString('hex')}`
        previews.set(previewId, { client, preview, library, at: Date.now() })
        return {
          previewId,
          path: preview.path,
          file: preview.file,
          existed: preview.existed,
          encoding: preview.encoding,
          bom: preview.bom,
          changed: preview.changed,
          diff: preview.diff,
          changes: preview.changes,
          warnings: preview.warnings,
        }
      }),

    apply: (client, params) =>
      wrap(async () => {
        const kept = previews.get(params.previewId)
        if (!kept || kept.client !== client || Date.now() - kept.at > PREVIEW_TTL_MS)
          throw new RacksideError({
            code: 'not-found',
            message:
              'That preview is no longer kept (it was applied, or it is older than 30 minutes). Preview again.',
          })
        const install = located.get(client)
        const result = await applyPreview(kept.preview, {
          checkSlot: async (choice) => {
            const lib = await resolveCryptokiLibrary({
              ...(kept.library ? { configured: kept.library } : {}),
              ...(install?.configPath ? { chrystokiPath: install.configPath } : {}),
              ...(install ? { clientFolder: install.folder } : {}),
              platform,
            })
            return checkSlotExists(lib.path, choice)
          },
        })
        previews.delete(params.previewId)
        return result
      }),

    copyFromDistribution: (_client, params) =>
      wrap(async () => {
        const path = checkedCmsFilePath(params.path, 'cmsslot.ini', platform)
        const folder = await checkedFolder(params.distributionFolder, 'CMS distribution folder', platform)
        return ensureCmsSlotIniFromDistribution(path, folder)
      }),

    forget(client) {
      for (const [id, kept] of previews) if (kept.client === client) previews.delete(id)
    },
  }
}
