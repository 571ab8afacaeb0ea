/**
 * The clipboard as PuTTY users have it, each habit a setting: selecting copies, a right click pastes, and a paste
 * of several lines into a console asks first (each line would run as a command at the lunash prompt).
 */
import type { Terminal } from '@xterm/xterm'
import type { Settings } from '../../shared/api'

export interface ClipboardHabitsOptions {
  settings(): Settings
  /** Shows the lines about to be pasted; resolves true to paste them. */
  confirmPaste?(lines: string[]): Promise<boolean>
  /** Something the operator should know (the clipboard could not be read). */
  notify?(message: string): void
}

/** The lines a paste would type: a final line break does not make another line. */
export function pastedLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')
}

/** Installs the habits on a terminal opened in `container`; returns what removes them. */
export function attachClipboardHabits(
  terminal: Terminal,
  container: HTMLElement,
  options: ClipboardHabitsOptions,
): () => void {
  /** Pastes as xterm.js would (bracketed paste, line endings), asking first when there are several lines. */
  const paste = async (text: string): Promise<void> => {
    if (!text) return
    const lines = pastedLines(text)
    if (lines.length > 1 && options.settings().confirmMultilinePaste && options.confirmPaste) {
      if (!(await options.confirmPaste(lines))) return
    }
    terminal.paste(text)
    terminal.focus()
  }

  // Capture phase: seen before xterm.js's own listener on its textarea, which would send the text at once.
  const onPaste = (e: ClipboardEvent): void => {
    const text = e.clipboardData?.getData('text/plain') ?? ''
    if (pastedLines(text).length < 2 || !options.settings().confirmMultilinePaste) return
    e.preventDefault()
    e.stopPropagation()
    void paste(text)
  }

  // The copy goes through the page's copy event, which xterm.js fills with the selection: no clipboard
  // permission is needed (the desktop app grants none for writing), and the selection stays as it was.
  const onMouseUp = (e: MouseEvent): void => {
    if (e.button !== 0 || !options.settings().copyOnSelect || !terminal.hasSelection()) return
    if (!container.contains(document.activeElement)) terminal.focus()
    document.execCommand('copy')
  }

  const onContextMenu = (e: MouseEvent): void => {
    if (!options.settings().rightClickPaste) return
    e.preventDefault()
    e.stopPropagation()
    navigator.clipboard
      .readText()
      .then(paste)
      .catch(() =>
        options.notify?.('The clipboard could not be read for a right-click paste: paste with Ctrl+Shift+V.'),
      )
  }

  container.addEventListener('paste', onPaste, true)
  container.addEventListener('mouseup', onMouseUp)
  container.addEventListener('contextmenu', onContextMenu, true)
  return () => {
    container.removeEventListener('paste', onPaste, true)
    container.removeEventListener('mouseup', onMouseUp)
    container.removeEventListener('contextmenu', onContextMenu, true)
  }
}
