/**
 * The settings file: `settings.json` in the data folder. Both hosts read the same file, so a preference outlives
 * the browser host's port (and with it its page's localStorage) and the desktop app's restarts.
 *
 * What is read is never trusted: unknown names are dropped, a bad value falls back to its default, and a file that
 * is not JSON gives the defaults with a notice saying so (it is kept aside at the next save, not silently lost).
 * A change is validated whole before anything is written, and written atomically (a temporary file renamed over
 * the old one), so a crash mid-write leaves the old settings, never half a file.
 */
import { readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { settings as settingsSchema, settingsShape, type Settings } from '../../shared/api/settings'
import { RacksideError } from '../../shared/errors'
import { writeFileAtomic } from '../write-file-atomic'

export const settingsFileName = 'settings.json'

/** Defaults: PuTTY's habits on Windows (copy on select, right-click paste), the browser's elsewhere. */
export function defaultSettings(platform: NodeJS.Platform = process.platform): Settings {
  const windows = platform === 'win32'
  return {
    scrollback: 10_000,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    colourScheme: 'dark',
    copyOnSelect: windows,
    rightClickPaste: windows,
    confirmMultilinePaste: true,
    screenReaderMode: false,
  }
}

export interface SettingsStore {
  /** The settings, and why some saved ones were not used (if any were not). */
  read(): { settings: Settings; notice?: string }
  /** Validates the changes, then saves them with the rest; throws RacksideError('invalid-request') writing nothing. */
  update(changes: unknown): Settings
}

export interface SettingsStoreOptions {
  dataDir: string
  platform?: NodeJS.Platform
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export function createSettingsStore({ dataDir, platform }: SettingsStoreOptions): SettingsStore {
  const file = join(dataDir, settingsFileName)
  const defaults = defaultSettings(platform)
  /** The file could not be parsed: it is moved aside before the first save replaces it. */
  let damaged = false

  function load(): { settings: Settings; notice?: string } {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: { ...defaults } }
      return {
        settings: { ...defaults },
        notice: `The settings file ${file} could not be read (${describe(error)}); the defaults are used.`,
      }
    }
    let saved: unknown
    try {
      saved = JSON.parse(text)
    } catch (error) {
      damaged = true
      return {
        settings: { ...defaults },
        notice:
          `The settings file ${file} is damaged (${describe(error)}); the defaults are used. ` +
          `Your next change saves a new one and keeps the damaged file as ${settingsFileName}.damaged.`,
      }
    }
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) {
      damaged = true
      return {
        settings: { ...defaults },
        notice: `The settings file ${file} does not hold settings; the defaults are used.`,
      }
    }
    const settings: Settings = { ...defaults }
    const refused: string[] = []
    const entries = saved as Record<string, unknown>
    for (const name of Object.keys(settingsShape) as (keyof Settings)[]) {
      if (!Object.hasOwn(entries, name)) continue
      const checked = settingsShape[name].safeParse(entries[name])
      if (checked.success) (settings as Record<string, unknown>)[name] = checked.data
      else refused.push(name)
    }
    return refused.length
      ? {
          settings,
          notice: `Saved settings out of range were reset to their defaults: ${refused.join(', ')}.`,
        }
      : { settings }
  }

  function save(value: Settings): void {
    if (damaged) {
      try {
        renameSync(file, `${file}.damaged`)
      } catch {
        // already gone: nothing to keep
      }
      damaged = false
    }
    writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n')
  }

  return {
    read: load,
    update(changes) {
      const checked = settingsSchema.partial().strict().safeParse(changes)
      if (!checked.success) {
        const why = checked.error.issues
          .slice(0, 5)
          .map((issue) =>
            issue.code === 'unrecognized_keys'
              ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`
              : `${issue.path.join('.') || 'settings'}: ${issue.message}`,
          )
          .join('; ')
        throw new RacksideError({ code: 'invalid-request', message: `Settings not saved: ${why}.` })
      }
      const next: Settings = { ...load().settings, ...stripUndefined(checked.data) }
      save(next)
      return next
    },
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
