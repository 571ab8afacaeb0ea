/**
 * The OS open dialog's options for a files.choose request: title, filters and where it opens, by what the path
 * is for. Plain values, so main.ts hands them to Electron's dialog and tests need no Electron.
 */
import { dirname } from 'node:path'
import { filePurposeTitles as titles, type FileFilter, type Params } from '../../shared/api'

export interface OpenDialogOptions {
  title: string
  defaultPath?: string
  filters?: FileFilter[]
  properties: ('openFile' | 'openDirectory' | 'showHiddenFiles' | 'dontAddToRecent')[]
}

export function openDialogOptions(request: Params<'files.choose'>, home: string): OpenDialogOptions {
  const current = request.current?.trim()
  return {
    title: titles[request.purpose],
    // Opens beside the field's current file (in its folder), or at ~/.ssh for a key.
    defaultPath: current
      ? request.kind === 'file'
        ? dirname(current)
        : current
      : request.purpose === 'ssh-key'
        ? `${home}/.ssh`
        : home,
    ...(request.filters?.length
      ? { filters: [...request.filters, { name: 'All files', extensions: ['*'] }] }
      : {}),
    properties: [
      request.kind === 'folder' ? 'openDirectory' : 'openFile',
      // Keys live in a dot-folder; other paths do not, and a key file chosen by mistake is worse than a click.
      ...(request.purpose === 'ssh-key' ? (['showHiddenFiles'] as const) : []),
      'dontAddToRecent',
    ],
  }
}
