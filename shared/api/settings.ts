/**
 * The operator's preferences for the consoles, kept by the host in the data folder (so they survive a restart of
 * either host; the browser host's page changes origin with its port, and its localStorage with it). No secrets.
 */
import { z } from 'zod'
import { noParams, type MethodSpecs } from './common'

/** The terminal's colour schemes (the app's own chrome stays dark). */
export const colourSchemes = ['dark', 'light', 'high-contrast'] as const
export type ColourScheme = (typeof colourSchemes)[number]

/**
 * A CSS font-family list as a person types it: names, spaces, quotes, commas and hyphens. Nothing that could close
 * the declaration or pull in a URL.
 */
export const fontFamily = z
  .string()
  .trim()
  .min(1, 'name at least one font')
  .max(200)
  .regex(/^[\p{L}\p{N} _'",.-]+$/u, 'may hold only font names, quotes, commas, hyphens and spaces')

/** Every setting, each with its own check: the store and the request boundary both use these. */
export const settingsShape = {
  /** Lines each console keeps to scroll back through. */
  scrollback: z.number().int().min(100).max(200_000),
  fontFamily,
  fontSize: z.number().int().min(8).max(32),
  colourScheme: z.enum(colourSchemes),
  /** Selecting text copies it (PuTTY's habit). */
  copyOnSelect: z.boolean(),
  /** A right click pastes (PuTTY's habit) instead of opening the browser's menu. */
  rightClickPaste: z.boolean(),
  /** Pasting several lines asks first, showing them: each line is a command once it reaches lunash. */
  confirmMultilinePaste: z.boolean(),
  /** xterm.js keeps an accessible copy of the screen for screen readers (costs some speed). */
  screenReaderMode: z.boolean(),
}

export const settings = z.object(settingsShape).strict()
export type Settings = z.infer<typeof settings>
export type SettingName = keyof Settings

/** Read and change the settings. */
export const settingsMethods = {
  'settings.get': {
    params: noParams,
    result: z.object({
      settings,
      /** Why the saved settings could not all be used (a damaged file, a value out of range), if so. */
      notice: z.string().optional(),
    }),
  },
  'settings.set': {
    /** Only the settings to change; an unknown name or a bad value refuses the whole change. */
    params: z.object({ changes: settings.partial().strict() }).strict(),
    result: z.object({ settings }),
  },
} satisfies MethodSpecs<'settings'>
