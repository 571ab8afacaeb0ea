/** The app itself: its version and which host (Electron or the browser host) serves it. */
import { z } from 'zod'
import { noParams, type MethodSpecs } from './common'

/** Requests about the app. */
export const appMethods = {
  'app.info': {
    params: noParams,
    result: z.object({ version: z.string(), host: z.enum(['electron', 'web']) }),
  },
  /**
   * A command waits for the operator while the window is in the background: the host flashes the window (the
   * taskbar entry, the Dock icon). `flashed` is false where the host cannot (the browser host) or need not.
   */
  'app.attention': {
    params: noParams,
    result: z.object({ flashed: z.boolean() }),
  },
  /**
   * Opens the folder of the app log (rackside.log, rotated) in the system's file manager. The browser host cannot
   * open windows on the desktop: it answers with the path and `opened: false`.
   */
  'app.openLogFolder': {
    params: noParams,
    result: z.object({ path: z.string(), opened: z.boolean() }),
  },
} satisfies MethodSpecs<'app'>
