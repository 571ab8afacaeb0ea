import { describe, expect, it } from 'vitest'
import { demoVtlCommand } from './demo-vtl'

const built = '/opt/rackside/out/main/demo-vtl-1a2b.js'

describe("the demo client folder's vtl command", () => {
  it('is left to the simulator when Rackside runs from source', () => {
    expect(
      demoVtlCommand({
        moduleFile: '/src/electron/host/demo-vtl.ts',
        execPath: '/usr/bin/node',
        electron: undefined,
        defaultApp: false,
      }),
    ).toBeUndefined()
  })

  it('runs the built vtl.js with the same Node in the browser host', () => {
    expect(
      demoVtlCommand({
        moduleFile: built,
        execPath: '/usr/bin/node',
        electron: undefined,
        defaultApp: false,
      }),
    ).toEqual(['/usr/bin/node', '/opt/rackside/out/main/vtl.js'])
  })

  it('runs the app binary with --vtl in Electron, after the app folder when started as `electron <folder>`', () => {
    expect(
      demoVtlCommand({
        moduleFile: built,
        execPath: '/opt/Rackside/rackside',
        electron: '45.6.1',
        defaultApp: false,
      }),
    ).toEqual(['/opt/Rackside/rackside', '--vtl'])
    expect(
      demoVtlCommand({ moduleFile: built, execPath: '/x/electron', electron: '45.6.1', defaultApp: true }),
    ).toEqual(['/x/electron', '/opt/rackside', '--vtl'])
  })
})
