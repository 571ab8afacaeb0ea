/** settings.*: the operator's console preferences, kept in the data folder by the settings store. */
import type { SettingsStore } from '../../settings/store'
import type { Handlers } from './types'

export function settingsRoutes(store: SettingsStore): Handlers<'settings'> {
  return {
    'settings.get': async () => store.read(),
    'settings.set': async ({ changes }) => ({ settings: store.update(changes) }),
  }
}
