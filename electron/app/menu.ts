/**
 * The application menu, as a template main.ts hands to Menu.buildFromTemplate: File, Edit, View, Window, Help
 * (with the app menu first on macOS). Reload and the developer tools appear only when the app is not packaged.
 *
 * On Linux and Windows the console owns the Ctrl+letter keys: Ctrl+C interrupts a command on the appliance,
 * Ctrl+W deletes a word, Ctrl+Q resumes a serial line stopped with XOFF. So there the menu shows its shortcuts
 * but registers none of them; the page handles the console's own (Ctrl+Shift+C/V copy and paste). Only keys a
 * terminal never receives as a control character stay registered: zoom, full screen, developer tools.
 * On macOS the menu's Cmd shortcuts do not collide with Ctrl, and text fields need the Edit roles to copy at all.
 */

/** The roles used here; each is one of Electron's MenuItem roles. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'window'
  | 'help'
  | 'fileMenu'
  | 'editMenu'
  | 'viewMenu'
  | 'windowMenu'
  | 'appMenu'

/** The shape of Electron's MenuItemConstructorOptions that this menu uses. */
export interface MenuItem {
  label?: string
  role?: MenuRole
  type?: 'separator' | 'submenu'
  accelerator?: string
  registerAccelerator?: boolean
  submenu?: MenuItem[]
  click?: () => void
}

export interface MenuOptions {
  platform: NodeJS.Platform
  /** app.isPackaged: an installed build, without reload and developer tools. */
  packaged: boolean
  appName: string
  /** Shows the data folder (profiles, transcripts, settings) in the file manager. */
  openDataFolder: () => void
  /** Shows the app log's folder: what to attach when something went wrong. */
  openLogFolder: () => void
}

const separator: MenuItem = { type: 'separator' }
/** Keys that never reach a terminal as a control character, so the menu may take them on every platform. */
const registeredEverywhere = new Set<MenuRole>([
  'resetZoom',
  'zoomIn',
  'zoomOut',
  'togglefullscreen',
  'toggleDevTools',
])

/** Display-only shortcuts on Linux and Windows, except the keys above (see the module comment). */
function leaveKeysToConsole(items: MenuItem[]): MenuItem[] {
  return items.map((item) => {
    const submenu = item.submenu ? leaveKeysToConsole(item.submenu) : undefined
    const keep = item.role !== undefined && registeredEverywhere.has(item.role)
    const hasKey = item.role !== undefined || item.accelerator !== undefined
    return {
      ...item,
      ...(submenu ? { submenu } : {}),
      ...(hasKey && !keep ? { registerAccelerator: false } : {}),
    }
  })
}

export function applicationMenu(options: MenuOptions): MenuItem[] {
  const mac = options.platform === 'darwin'
  const dataFolder: MenuItem = { label: 'Show Data Folder', click: options.openDataFolder }
  const logFolder: MenuItem = { label: 'Show Log Folder', click: options.openLogFolder }

  const appMenu: MenuItem = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  }
  const file: MenuItem = { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] }
  const edit: MenuItem = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      // The console's own copy and paste keys off macOS, shown so they can be found.
      mac ? { role: 'copy' } : { role: 'copy', accelerator: 'Ctrl+Shift+C' },
      mac ? { role: 'paste' } : { role: 'paste', accelerator: 'Ctrl+Shift+V' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  }
  const view: MenuItem = {
    label: 'View',
    submenu: [
      ...(options.packaged
        ? []
        : [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            separator,
          ]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  }
  const window: MenuItem = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }, separator, { role: 'window' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  }
  const help: MenuItem = {
    label: 'Help',
    // On macOS the help role adds the menu search; elsewhere it means nothing.
    ...(mac ? { role: 'help' as const } : {}),
    submenu: mac ? [dataFolder, logFolder] : [dataFolder, logFolder, separator, { role: 'about' }],
  }

  return mac
    ? [appMenu, file, edit, view, window, help]
    : leaveKeysToConsole([file, edit, view, window, help])
}
