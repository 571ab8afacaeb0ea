/**
 * The runner on the simulator's serial console (a socat pty pair, 115200 8N1 paced): the login and
 * first-login change attended over serial, then a command, as at the rack.
 */
import { constants, mkdtempSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ReadStream, WriteStream } from 'node:tty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { CommandRunner, type RunCallbacks } from './runner'
import type { Channel } from './channel'
import { hsmShow, networkHostname, serialLogin, type SecretId } from '../../shared/lunash/commands'

const secrets: Partial<Record<SecretId, string>> = {
  'appliance-current-password': 'PASSWORD',
  'appliance-new-password': 'Serial-Admin-2026!',
}
const callbacks: RunCallbacks = {
  confirm: async () => ({ proceed: false }),
  secret: async (r) => secrets[r.secret] ?? '',
  ped: () => {},
}

let sim: Simulator
let input: ReadStream | undefined
let output: WriteStream | undefined

/** The app's end of the serial line, opened the way a terminal program would (raw). */
function serialChannel(path: string): Channel {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY)
  input = new ReadStream(fd)
  input.setRawMode(true)
  output = new WriteStream(fd)
  const decoder = new TextDecoder()
  return {
    write: (text) => output?.write(text),
    onData: (listener) => {
      const l = (data: Buffer) => listener(decoder.decode(data, { stream: true }))
      input?.on('data', l)
      return () => input?.off('data', l)
    },
    onClose: (listener) => {
      const l = () => listener('The serial line closed.')
      input?.on('close', l)
      return () => input?.off('close', l)
    },
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rackside-serial-'))
  sim = await startSimulator({
    era: 6,
    host: '127.0.0.11',
    firstSerial: '950217',
    serialPath: join(dir, 'ttyLuna'),
    serialLineRate: true,
  })
})

afterAll(async () => {
  input?.destroy()
  output?.destroy()
  await sim?.stop()
})

describe('over the serial console', () => {
  it('logs in (first-login change included), runs hsm show and relearns the prompt after a hostname change', async () => {
    const path = sim.appliances[0]?.serialConsole?.path
    if (!path) throw new Error('no serial console')
    const runner = new CommandRunner(serialChannel(path))
    const login = await runner.run(serialLogin, { user: 'admin' }, callbacks)
    expect(login.status).toBe('done')
    expect(login.transcript).not.toContain('Serial-Admin-2026!')
    const show = await runner.run(hsmShow, {}, callbacks)
    expect(show).toMatchObject({ status: 'done', facts: { serial: '950217' } })
    const renamed = await runner.runStep(networkHostname, { hostname: 'rack-serial' }, callbacks)
    expect(renamed.status).toBe('done')
    expect(runner.promptHost).toBe('rack-serial')
  })
})
