import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../host/host'
import type { DemoProvider } from '../host/demo'
import { createAppLog, LOG_FILE, type AppLog } from './app-log'
import { loggedHost } from './host-log'

const idleDemo: DemoProvider = {
  async start() {
    throw new Error('not started by these requests')
  },
  async stop() {},
}

let dir: string
let log: AppLog
let host: Host
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-hostlog-'))
  log = createAppLog({ dir: join(dir, 'logs') })
  host = loggedHost(createHost({ kind: 'web', dataDir: dir, demo: idleDemo, demoPed: idleDemo }), log)
})
afterEach(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

const logText = async (): Promise<string> => {
  await log.close()
  return readFileSync(join(dir, 'logs', LOG_FILE), 'utf8')
}

describe('the host in the app log', () => {
  it('logs a refused request by method and code, never its parameters', async () => {
    const reply = await host.dispatch(
      'vault.set',
      { id: 'x', secret: 'Hunter2-Param\n', extra: 1 },
      'window-1',
    )
    expect(reply.ok).toBe(false)
    const text = await logText()
    expect(text).not.toContain('Hunter2-Param')
    const line = JSON.parse(text.trim().split('\n')[0] ?? '{}') as Record<string, unknown>
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'request-refused',
      method: 'vault.set',
      code: 'invalid-request',
    })
  })

  it('logs a console’s state changes, not its output', async () => {
    host.events.emit('event', {
      client: 'window-1',
      name: 'session.data',
      payload: { sessionId: 's-00000001', data: 'output nobody should find in the log' },
    })
    host.events.emit('event', {
      client: 'window-1',
      name: 'session.status',
      payload: { sessionId: 's-00000001', state: 'failed', message: 'The link dropped.' },
    })
    const text = await logText()
    expect(text).not.toContain('output nobody should find')
    expect(JSON.parse(text.trim())).toMatchObject({
      msg: 'console',
      client: 'window-1',
      sessionId: 's-00000001',
      state: 'failed',
      message: 'The link dropped.',
    })
  })

  it('a successful request leaves no line', async () => {
    expect((await host.dispatch('app.info', {}, 'window-1')).ok).toBe(true)
    expect(await logText()).toBe('')
  })
})
