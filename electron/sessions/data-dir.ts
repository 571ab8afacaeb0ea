/**
 * The desktop app's data folder, found without Electron: the CLI and the browser host read the profiles, known
 * hosts, transcripts and settings the app keeps, so they look where Electron's `app.getPath('userData')` points on
 * each OS: the per-user application data folder followed by the app's name. $RACKSIDE_DATA_DIR wins over all of
 * it, as in the hosts.
 */
import { homedir } from 'node:os'
import { join, win32, posix } from 'node:path'

/** Electron's app name: package.json's productName, else its name. data-dir.test.ts keeps the two in step. */
export const APP_NAME = 'rackside'

export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.RACKSIDE_DATA_DIR) return env.RACKSIDE_DATA_DIR
  switch (platform) {
    case 'win32':
      return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_NAME)
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', APP_NAME)
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME)
  }
}
