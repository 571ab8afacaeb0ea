import { describe, expect, it } from 'vitest'
import { applicationMenu, type MenuItem, type MenuOptions } from './menu'

function flatten(items: MenuItem[]): MenuItem[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])])
}

function menu(
  platform: NodeJS.Platform,
  packaged: boolean,
  openDataFolder = () => {},
  openLogFolder = () => {},
): MenuItem[] {
  const options: MenuOptions = { platform, packaged, appName: 'Rackside', openDataFolder, openLogFolder }
  return applicationMenu(options)
}

const developerRoles = ['reload', 'forceReload', 'toggleDevTools']
const platforms: NodeJS.Platform[] = ['linux', 'win32', 'darwin']

describe('the application menu', () => {
  it('has the menus each platform expects', () => {
    expect(menu('linux', true).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    expect(menu('win32', true).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    expect(menu('darwin', true).map((m) => m.label)).toEqual([
      'Rackside',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    expect(flatten(menu('darwin', true)[0]?.submenu ?? []).map((m) => m.role)).toContain('quit')
    expect(flatten(menu('linux', true)[0]?.submenu ?? []).map((m) => m.role)).toEqual(['quit'])
  })

  it.each(platforms)('an installed build on %s offers no reload and no developer tools', (platform) => {
    const roles = flatten(menu(platform, true)).map((m) => m.role)
    for (const role of developerRoles) expect(roles).not.toContain(role)
  })

  it.each(platforms)('a development build on %s has reload and the developer tools', (platform) => {
    const roles = flatten(menu(platform, false)).map((m) => m.role)
    for (const role of developerRoles) expect(roles).toContain(role)
  })

  it.each(['linux', 'win32'] as const)(
    'on %s leaves Ctrl+C, Ctrl+W, Ctrl+Q and the other Ctrl keys to the console',
    (platform) => {
      const registered = flatten(menu(platform, false)).filter(
        (m) => (m.role !== undefined || m.accelerator !== undefined) && m.registerAccelerator !== false,
      )
      expect(registered.map((m) => m.role).sort()).toEqual(
        ['resetZoom', 'toggleDevTools', 'togglefullscreen', 'zoomIn', 'zoomOut'].sort(),
      )
      const edit = flatten(menu(platform, true)).filter((m) => m.role === 'copy' || m.role === 'paste')
      expect(edit.map((m) => m.accelerator)).toEqual(['Ctrl+Shift+C', 'Ctrl+Shift+V'])
    },
  )

  it('on macOS keeps the standard Cmd shortcuts registered', () => {
    expect(flatten(menu('darwin', true)).some((m) => m.registerAccelerator === false)).toBe(false)
  })

  it.each(platforms)('Help › Show Data Folder on %s opens the data folder', (platform) => {
    let opened = 0
    const item = flatten(menu(platform, true, () => (opened += 1))).find(
      (m) => m.label === 'Show Data Folder',
    )
    item?.click?.()
    expect(opened).toBe(1)
  })

  it.each(platforms)('Help › Show Log Folder on %s opens the log folder, not the data folder', (platform) => {
    const opened: string[] = []
    const items = flatten(
      menu(
        platform,
        true,
        () => opened.push('data'),
        () => opened.push('log'),
      ),
    )
    items.find((m) => m.label === 'Show Log Folder')?.click?.()
    expect(opened).toEqual(['log'])
  })
})
