/**
 * One Rackside per data folder: two instances would share the profiles, transcripts and settings files and
 * could open the same serial port twice. A second start hands over to the first, which comes to the front.
 */

/** The parts of Electron's app used here. */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean
  on(event: 'second-instance', listener: () => void): unknown
}

/** The parts of BrowserWindow used to bring it forward. */
export interface FrontWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

export function bringToFront(window: FrontWindow | undefined): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

/**
 * True when this is the only instance; then a later start brings `mainWindow()` to the front. False when
 * another instance runs: Electron has told it, and this one must exit before it opens a window or a file.
 */
export function claimSingleInstance(app: InstanceApp, mainWindow: () => FrontWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', () => bringToFront(mainWindow()))
  return true
}
