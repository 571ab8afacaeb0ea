import { describe, expect, it } from 'vitest'
import { commandLineRequest } from './app-command-line'

describe('the app binary as its own command line', () => {
  it('runs the CLI for `Rackside status …` and the demo vtl for `Rackside --vtl …` (packaged: words follow the binary)', () => {
    expect(
      commandLineRequest(['/opt/Rackside/rackside', 'status', '--json', 'ssh://admin@h'], false),
    ).toEqual({
      kind: 'cli',
      args: ['status', '--json', 'ssh://admin@h'],
    })
    expect(commandLineRequest(['C:\\Rackside\\Rackside.exe', '--vtl', 'listServers'], false)).toEqual({
      kind: 'vtl',
      args: ['listServers'],
    })
  })

  it('skips the app folder when started as `electron <folder>` during development', () => {
    expect(commandLineRequest(['/x/electron', '/src/rackside', '--vtl', 'verify'], true)).toEqual({
      kind: 'vtl',
      args: ['verify'],
    })
    expect(commandLineRequest(['/x/electron', '/src/rackside'], true)).toBeUndefined()
  })

  it('opens the window for no words, Chromium switches, or a word that is no command', () => {
    expect(commandLineRequest(['/opt/Rackside/rackside'], false)).toBeUndefined()
    expect(commandLineRequest(['/opt/Rackside/rackside', '--no-sandbox', 'status'], false)).toBeUndefined()
    expect(commandLineRequest(['/opt/Rackside/rackside', '/home/op/plan.yaml'], false)).toBeUndefined()
    // In a packaged app the binary's own name is never read as a command.
    expect(commandLineRequest(['status'], false)).toBeUndefined()
  })
})
