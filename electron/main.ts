/**
 * The desktop app: one hardened window running the renderer, with the host answering its requests over IPC.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ipcChannels } from '../shared/api-surface'
import { applicationMenu } from './app/menu'
import { claimSingleInstance } from './app/single-instance'
import { loadWindowState, minimumWindowSize, placeWindow, trackWindowState } from './app/window-state'
import { runCommandLine } from './app-command-line'
import { disableFeaturesValue } from './chromium-switches'
import { externalLink } from './external-links'
import { openDialogOptions } from './files/dialog-options'
import { createHost } from './host/host'
import { createAppLog } from './log/app-log'
import { installCrashHandlers, logProcessGone } from './log/crash'
import { loggedHost } from './log/host-log'
import { flashWindow } from './window-attention'

// `Rackside status …` or `Rackside --vtl …`: the binary runs as its own CLI and opens no window. Electron emits
// ready only once this module has finished, so the app below starts only when this was no command.
const commandExit = await runCommandLine()
if (commandExit !== undefined) process.exit(commandExit)

// Before the app is ready, or Chromium has read its switches.
app.commandLine.appendSwitch(
  'disable-features',
  disableFeaturesValue(app.commandLine.getSwitchValue('disable-features')),
)

// One Rackside per data folder: a second start brings the first one's window forward and exits.
let mainWindow: BrowserWindow | undefined
if (!claimSingleInstance(app, () => mainWindow)) process.exit(0)

const dataDir = app.getPath('userData')
// The app log, in the OS's place for it (Linux: the data folder's logs/; macOS: ~/Library/Logs/Rackside).
const appLog = createAppLog({ dir: app.getPath('logs') })
installCrashHandlers(appLog)
app.on('render-process-gone', (_event, _contents, details) => logProcessGone(appLog, 'renderer', details))
app.on('child-process-gone', (_event, details) => logProcessGone(appLog, 'child', details))
appLog.info('app-started', {
  version: app.getVersion(),
  platform: process.platform,
  electron: process.versions.electron,
})
const host = loggedHost(
  createHost({
    kind: 'electron',
    version: app.getVersion(),
    dataDir,
    // "Open transcript folder": the host only ever passes its own transcripts folder here.
    consoles: { openPath: (path) => shell.openPath(path) },
    // A command waits for the operator while Rackside is in the background: the taskbar entry flashes.
    attention: (client) => flashWindow(BrowserWindow.getAllWindows(), client),
    // Browse…: the OS dialog, over the window that asked.
    chooseFile: async (client, request) => {
      const win = BrowserWindow.getAllWindows().find((w) => `window-${w.webContents.id}` === client)
      const options = openDialogOptions(request, app.getPath('home'))
      const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return chosen.canceled ? null : (chosen.filePaths[0] ?? null)
    },
    logFolder: { path: appLog.dir, open: (path) => shell.openPath(path) },
  }),
  appLog,
)
const rendererIndex = join(import.meta.dirname, '../renderer/index.html')
const devUrl = process.env.ELECTRON_RENDERER_URL

const csp = [
  "default-src 'none'",
  "script-src 'self'",
  // xterm.js writes its theme, scrollbar and cell sizes into <style> elements and style attributes, which CSP
  // blocks without 'unsafe-inline'. Styles run no code, and nothing here lets them load from elsewhere.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  devUrl ? `connect-src 'self' ${new URL(devUrl).origin.replace(/^http/, 'ws')}` : "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** Only our own renderer page may talk to the host. */
function isOwnRenderer(url: string | undefined): boolean {
  if (!url) return false
  try {
    const u = new URL(url)
    if (devUrl) return u.origin === new URL(devUrl).origin
    return u.protocol === 'file:' && u.pathname === pathToFileURL(rendererIndex).pathname
  } catch {
    return false
  }
}

function createWindow(): void {
  const displays = screen.getAllDisplays().map((display) => display.workArea)
  const place = placeWindow(loadWindowState(dataDir), displays, screen.getPrimaryDisplay().workArea)
  const win = new BrowserWindow({
    ...place.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    backgroundColor: '#0f1419',
    title: 'Rackside',
    // Linux takes the window icon from here; Windows and macOS from the executable.
    icon: join(import.meta.dirname, '../../resources/icon.png'),
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // No auxclick: a middle-click is no second way to open a link. Console links open on xterm.js's mouseup,
      // whatever the button, through window.open and the window-open handler below.
      disableBlinkFeatures: 'Auxclick',
      // An installed build has no developer tools at all, not only none in the menu.
      devTools: !app.isPackaged,
    },
  })
  mainWindow = win
  trackWindowState(win, dataDir)
  const client = `window-${win.webContents.id}`
  const forward = (event: { client: string; name: string; payload: unknown }): void => {
    if (event.client === client && !win.webContents.isDestroyed())
      win.webContents.send(ipcChannels.event, event.name, event.payload)
  }
  host.events.on('event', forward)
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined
    host.events.off('event', forward)
    host.disconnectClient(client)
  })

  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-redirect', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url)
    if (link) void shell.openExternal(link)
    return { action: 'deny' }
  })
  win.once('ready-to-show', () => (place.maximized ? win.maximize() : win.show()))
  // The page refuses to unload while a console is live (renderer/sessions/leave-guard.ts): ask the operator.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Keep Rackside open', 'Close and disconnect'],
      defaultId: 0,
      cancelId: 0,
      title: 'Consoles are still connected',
      message: 'Consoles are still connected.',
      detail:
        'Closing Rackside disconnects them. A command still running on an appliance is cut off, and an ' +
        'appliance may keep a serial login open: log out first.',
    })
    if (choice === 1) event.preventDefault()
  })

  // RACKSIDE_RENDERER=dom keeps the console text in DOM rows, for Playwright's _electron specs.
  const renderer = process.env.RACKSIDE_RENDERER
  const query: Record<string, string> = renderer === 'dom' || renderer === 'webgl' ? { renderer } : {}
  if (devUrl) void win.loadURL(`${devUrl}?${new URLSearchParams(query).toString()}`)
  else void win.loadFile(rendererIndex, { query })
}

app.enableSandbox()

void app.whenReady().then(() => {
  app.setAboutPanelOptions({ applicationName: 'Rackside', applicationVersion: app.getVersion() })
  const menu = applicationMenu({
    platform: process.platform,
    packaged: app.isPackaged,
    appName: 'Rackside',
    openDataFolder: () => void shell.openPath(dataDir),
    openLogFolder: () => void shell.openPath(appLog.dir),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))
  const ses = session.defaultSession
  // Notifications (they tell an operator in another window that a command waits for them), and reading the
  // clipboard for the console's right-click paste, in Rackside's own page only. Nothing else.
  ses.setPermissionRequestHandler((wc, permission, callback) =>
    callback(
      permission === 'notifications' || (permission === 'clipboard-read' && isOwnRenderer(wc.getURL())),
    ),
  )
  ses.setPermissionCheckHandler(
    (wc, permission) =>
      permission === 'notifications' || (permission === 'clipboard-read' && isOwnRenderer(wc?.getURL())),
  )
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })

  ipcMain.handle(ipcChannels.request, (event: IpcMainInvokeEvent, method: unknown, params: unknown) => {
    if (!isOwnRenderer(event.senderFrame?.url) || event.senderFrame?.parent) {
      return {
        ok: false,
        error: { code: 'invalid-request', message: 'Requests are only accepted from the Rackside window.' },
      }
    }
    return host.dispatch(method, params, `window-${event.sender.id}`)
  })

  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.on('window-all-closed', () => {
  void host
    .close()
    .then(() => appLog.close())
    .finally(() => app.quit())
})
