/**
 * "Look at me": the taskbar entry of the window a transport client lives in flashes (the Dock icon bounces on
 * macOS) until the operator comes back to it. Typed structurally, so this module needs no 'electron' import.
 */
export interface AttentionWindow {
  readonly webContents: { readonly id: number }
  isFocused(): boolean
  flashFrame(flag: boolean): void
  once(event: 'focus', listener: () => void): unknown
}

/** Flashes the window of `client` (`window-<webContents id>`); false when it has the focus or is gone. */
export function flashWindow(windows: readonly AttentionWindow[], client: string): boolean {
  const win = windows.find((w) => `window-${w.webContents.id}` === client)
  if (!win || win.isFocused()) return false
  win.flashFrame(true)
  // Windows keeps flashing until told to stop; stop once the operator is back.
  win.once('focus', () => win.flashFrame(false))
  return true
}
