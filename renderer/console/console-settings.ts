/**
 * The console settings as the page sees them: read from the host (which keeps them in the data folder), changed
 * through it, and handed to every open console the moment they change. Until the host has answered, consoles
 * start with the defaults below and take the saved settings when they arrive.
 */
import type { RacksideApi, Settings } from '../../shared/api'

export const defaultConsoleSettings: Settings = {
  scrollback: 10_000,
  fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
  fontSize: 14,
  colourScheme: 'dark',
  copyOnSelect: false,
  rightClickPaste: false,
  confirmMultilinePaste: true,
  screenReaderMode: false,
}

/** Where earlier versions kept the scrollback length; moved to the host once, then removed. */
const legacyScrollbackKey = 'rackside.scrollback'

let current: Settings = defaultConsoleSettings
let loading: Promise<{ settings: Settings; notice?: string }> | undefined
const listeners = new Set<(settings: Settings) => void>()

const publish = (settings: Settings): Settings => {
  current = settings
  for (const listener of [...listeners]) listener(settings)
  return settings
}

export function consoleSettings(): Settings {
  return current
}

/** Asks the host once per page (later calls share the answer); moves a scrollback kept in localStorage to it. */
export function loadConsoleSettings(
  api: RacksideApi = window.rackside,
): Promise<{ settings: Settings; notice?: string }> {
  loading ??= (async () => {
    const reply = await api.settings.get({})
    let settings = reply.settings
    const legacy = readLegacyScrollback()
    if (legacy !== undefined) {
      settings = (await api.settings.set({ changes: { scrollback: legacy } })).settings
      globalThis.localStorage?.removeItem(legacyScrollbackKey)
    }
    publish(settings)
    return { settings, ...(reply.notice ? { notice: reply.notice } : {}) }
  })()
  loading.catch(() => (loading = undefined))
  return loading
}

function readLegacyScrollback(): number | undefined {
  const kept = globalThis.localStorage?.getItem(legacyScrollbackKey)
  if (kept === null || kept === undefined) return undefined
  const n = Number(kept)
  if (Number.isInteger(n) && n >= 100 && n <= 200_000) return n
  globalThis.localStorage?.removeItem(legacyScrollbackKey)
  return undefined
}

/** Saves changes through the host (which refuses bad values) and applies them to every open console. */
export async function updateConsoleSettings(
  changes: Partial<Settings>,
  api: RacksideApi = window.rackside,
): Promise<Settings> {
  const { settings } = await api.settings.set({ changes })
  return publish(settings)
}

/** Calls `listener` with the settings whenever they change. Returns an unsubscribe. */
export function onConsoleSettingsChange(listener: (settings: Settings) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
