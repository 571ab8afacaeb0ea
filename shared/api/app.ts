/** The app itself: its version and which host (Electron or the browser host) serves it. */
import { z } from 'zod'
import { noParams, type MethodSpecs } from './common'

/** Requests about the app. */
export const appMethods = {
  'app.info': {
    params: noParams,
    result: z.object({ version: z.string(), host: z.enum(['electron', 'web']) }),
  },
} satisfies MethodSpecs<'app'>
