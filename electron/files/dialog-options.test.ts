/** What the OS dialog is told for each Browse…: where it opens, what it shows, what it filters. */
import { describe, expect, it } from 'vitest'
import { openDialogOptions } from './dialog-options'

describe('the OS open dialog for Browse…', () => {
  it('opens an SSH key at ~/.ssh with hidden files shown', () => {
    expect(openDialogOptions({ purpose: 'ssh-key', kind: 'file' }, '/home/op')).toEqual({
      title: 'Choose the SSH private key',
      defaultPath: '/home/op/.ssh',
      properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
    })
  })

  it('opens a firmware package beside the current one, with its filter and All files', () => {
    const o = openDialogOptions(
      {
        purpose: 'firmware',
        kind: 'file',
        current: '/home/op/Downloads/lunafw_7.8.4.fuf',
        filters: [{ name: 'Luna firmware', extensions: ['fuf'] }],
      },
      '/home/op',
    )
    expect(o.defaultPath).toBe('/home/op/Downloads')
    expect(o.filters).toEqual([
      { name: 'Luna firmware', extensions: ['fuf'] },
      { name: 'All files', extensions: ['*'] },
    ])
    expect(o.properties).not.toContain('showHiddenFiles')
  })

  it('chooses a folder for the Luna client folder, opening at the current one', () => {
    const o = openDialogOptions(
      { purpose: 'client-folder', kind: 'folder', current: '/usr/safenet/lunaclient' },
      '/home/op',
    )
    expect(o.defaultPath).toBe('/usr/safenet/lunaclient')
    expect(o.properties[0]).toBe('openDirectory')
  })
})
