/** The app itself: its version, the window's attention, the log folder. */
import { existsSync } from 'node:fs'
import type { Result } from '../../../shared/api'
import type { Handlers } from './types'

/** Where the app log is, and how to show it (Electron: shell.openPath, which resolves '' on success). */
export interface LogFolder {
  path: string
  open?: (path: string) => Promise<string>
}

export interface AppRouteOptions {
  info: Result<'app.info'>
  /** Flashes the window of a transport client; false where the host cannot (the browser host). */
  attention?: (client: string) => boolean
  logFolder?: LogFolder
}

export function appRoutes(options: AppRouteOptions): Handlers<'app'> {
  return {
    'app.info': async () => options.info,
    'app.attention': async (_params, { client }) => ({ flashed: options.attention?.(client) ?? false }),
    'app.openLogFolder': async () => {
      const folder = options.logFolder
      if (!folder) return { path: '', opened: false }
      if (!folder.open || !existsSync(folder.path)) return { path: folder.path, opened: false }
      return { path: folder.path, opened: (await folder.open(folder.path)) === '' }
    },
  }
}
