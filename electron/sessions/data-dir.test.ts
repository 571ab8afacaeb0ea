import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { APP_NAME, appDataDir } from './data-dir'

describe("the data folder of the CLI and the browser host is the desktop app's", () => {
  it('on Linux: $XDG_CONFIG_HOME/rackside, else ~/.config/rackside', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/op')).toBe('/x/cfg/rackside')
    expect(appDataDir({}, 'linux', '/home/op')).toBe('/home/op/.config/rackside')
  })

  it('on macOS: ~/Library/Application Support/rackside, whatever XDG says', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'darwin', '/Users/op')).toBe(
      '/Users/op/Library/Application Support/rackside',
    )
  })

  it('on Windows: %APPDATA%\\rackside', () => {
    expect(appDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32', 'C:\\Users\\op')).toBe(
      'C:\\Users\\op\\AppData\\Roaming\\rackside',
    )
  })

  it('$RACKSIDE_DATA_DIR wins on every OS', () => {
    for (const os of ['linux', 'darwin', 'win32'] as const)
      expect(appDataDir({ RACKSIDE_DATA_DIR: '/data/rs', APPDATA: 'C:\\x' }, os, '/h')).toBe('/data/rs')
  })

  it("uses the name Electron gives the app folder (package.json's productName, else name)", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; productName?: string }
    expect(APP_NAME).toBe(pkg.productName ?? pkg.name)
  })
})
