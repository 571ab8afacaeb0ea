/**
 * files.*: choosing a local path. Electron answers with the OS dialog it was given (the host never imports
 * electron); the browser host answers `native: false` and lists folders with the host-side chooser.
 */
import type { Params } from '../../../shared/api'
import { listFolder, type HostChooserOptions } from '../../files/host-chooser'
import type { Handlers } from './types'

/** The OS dialog, shown over the window of `client`; null when the operator cancels. */
export type NativeChooser = (client: string, request: Params<'files.choose'>) => Promise<string | null>

export function filesRoutes(
  native: NativeChooser | undefined,
  chooser: HostChooserOptions = {},
): Handlers<'files'> {
  return {
    'files.choose': async (params, { client }) =>
      native ? { path: await native(client, params), native: true } : { path: null, native: false },
    'files.list': async ({ purpose, folder }) => listFolder(purpose, folder, chooser),
  }
}
