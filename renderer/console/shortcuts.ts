/**
 * The keyboard shortcuts of the tabs and consoles, as one table: the console's key handler lets these pass
 * (xterm.js would otherwise send them to the appliance as control characters) and the app acts on them.
 */
export type Shortcut = 'next-tab' | 'previous-tab' | 'find' | 'close-tab'

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>

/** The shortcut a key press means, if any: Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PageDown/PageUp, Ctrl+Shift+F/W. */
export function shortcutOf(e: Keys): Shortcut | undefined {
  if (!e.ctrlKey || e.altKey || e.metaKey) return undefined
  if (e.key === 'Tab') return e.shiftKey ? 'previous-tab' : 'next-tab'
  if (!e.shiftKey && e.key === 'PageDown') return 'next-tab'
  if (!e.shiftKey && e.key === 'PageUp') return 'previous-tab'
  if (e.shiftKey && e.key.toLowerCase() === 'f') return 'find'
  if (e.shiftKey && e.key.toLowerCase() === 'w') return 'close-tab'
  return undefined
}

/** The shortcuts as the Settings page lists them. */
export const shortcutHelp: [string, string][] = [
  ['Ctrl+Tab, Ctrl+PageDown', 'Next tab'],
  ['Ctrl+Shift+Tab, Ctrl+PageUp', 'Previous tab'],
  ['Ctrl+Shift+F', 'Find in the console'],
  ['Ctrl+Shift+W', 'Close the tab (asks first while connected)'],
  ['Ctrl+Shift+C / Ctrl+Shift+V', 'Copy / paste'],
]
