/**
 * The Electron path of the contract, end to end except for Electron itself: the real preload, the real host and
 * the page's api-client. Electron's runtime cannot run on these machines, so `electron` is replaced by the two
 * objects the preload touches: a context bridge that, like the real one, hands the page only structured clones
 * (an Error loses its `code` on the way), and an ipcRenderer whose invoke reaches `host.dispatch` as main.ts
 * wires it. The browser host's path is covered by the Chromium specs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildApi, preloadBridgeName, type ApiTransport } from '../../shared/api-client'
import { ipcChannels } from '../../shared/api-surface'
import { RacksideError } from '../../shared/errors'
import { createHost, type Host } from '../../electron/host/host'
import type { DemoProvider } from '../../electron/host/demo'

const exposed = new Map<string, unknown>()
const electronFake = vi.hoisted(() => ({ host: undefined as undefined | { dispatch: Host['dispatch'] } }))

vi.mock('electron', () => {
  // The context bridge copies what crosses it: values by structured clone, functions as proxies whose
  // arguments and results are cloned too.
  const cross = (value: unknown): unknown => {
    if (typeof value === 'function') {
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown)(...args.map((a) => cross(a)))
        return result instanceof Promise ? result.then((v) => structuredClone(v)) : cross(result)
      }
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cross(v)]))
    }
    return structuredClone(value)
  }
  return {
    contextBridge: {
      exposeInMainWorld: (name: string, value: unknown) => exposed.set(name, cross(value)),
    },
    ipcRenderer: {
      invoke: async (channel: string, method: unknown, params: unknown) => {
        if (channel !== ipcChannels.request) throw new Error(`no handler for ${channel}`)
        if (!electronFake.host) throw new Error('no host')
        return electronFake.host.dispatch(method, params, 'window-1')
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  }
})

const idleDemo: DemoProvider = {
  async start() {
    throw new Error('the demo is not started by these requests')
  },
  async stop() {},
}

let dataDir: string
let host: Host
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-preload-'))
  host = createHost({ kind: 'electron', version: '9.9.9', dataDir, demo: idleDemo, demoPed: idleDemo })
  electronFake.host = host
  await import('../../electron/preload')
})
afterAll(async () => {
  await host.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the preload as the page sees it', () => {
  it('exposes one transport and nothing else', () => {
    expect([...exposed.keys()]).toEqual([preloadBridgeName])
    expect(Object.keys(exposed.get(preloadBridgeName) as object).sort()).toEqual(['call', 'subscribe'])
  })

  it('answers a request with the host’s value', async () => {
    const api = buildApi(exposed.get(preloadBridgeName) as ApiTransport)
    expect(await api.app.info({})).toEqual({ version: '9.9.9', host: 'electron' })
  })

  it('delivers a refusal as a RacksideError with its code, not a bare Error', async () => {
    const api = buildApi(exposed.get(preloadBridgeName) as ApiTransport)
    const refused = await api.sessions
      .open({ profileId: 'demo\nrm -rf /', cols: 80, rows: 24 })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(RacksideError)
    expect((refused as RacksideError).code).toBe('invalid-request')
    expect((refused as RacksideError).message).toMatch(/profileId/)

    const missing = await api.sessions
      .write({ sessionId: 's-0123456789abcdef', data: 'x' })
      .catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(RacksideError)
    expect((missing as RacksideError).code).toBe('not-found')
  })
})
