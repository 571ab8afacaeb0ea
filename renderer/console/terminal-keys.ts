/** Which keys xterm.js may send to the session, and the copy and paste keys it must leave to the page. */
import type { Terminal } from '@xterm/xterm'
import { shortcutOf } from './shortcuts'

/** The handler for `attachCustomKeyEventHandler`: false keeps a key from the session. */
export function consoleKeyHandler(terminal: Terminal): (e: KeyboardEvent) => boolean {
  return (e) => {
    // The app's shortcuts (tabs, find, close) are not the appliance's: xterm.js must not send them.
    if (shortcutOf(e)) return false
    if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true
    const key = e.key.toLowerCase()
    // Both go through the page's own copy and paste events, which xterm.js handles: no clipboard permission
    // is needed (the desktop app grants none), and a paste is not made twice.
    if (key === 'c') {
      if (terminal.hasSelection()) document.execCommand('copy')
      return false
    }
    // Chromium pastes on Ctrl+Shift+V by itself (paste as plain text); xterm.js must only not take it as ^V.
    if (key === 'v') return false
    return true
  }
}
