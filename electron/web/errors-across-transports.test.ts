/**
 * One error type across both transports: a request the host refuses reaches the page's api-client as a
 * RacksideError with the host's code, whether it came over Electron IPC or over the browser host's WebSocket.
 *
 * The WebSocket is real (a started browser host, a `ws` client speaking the page's frames), and so is the
 * appliance whose SSH host key is refused (the simulator over loopback). Electron cannot run
 * here, so its side is the one stand-in: the host's reply is passed through `structuredClone`, which is what
 * `ipcRenderer.invoke` and the context bridge do to it, and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApi, type ApiTransport } from '../../shared/api-client'
import { RacksideError, type Reply } from '../../shared/errors'
import type { RacksideApi } from '../../shared/api'
import { startSimulator, type Simulator } from '../../simulator/index'
import { createHost, type Host } from '../host/host'
import { startWebHost, type WebHost } from './server'
import { PageClient, stubRenderer } from './socket-test-clients'

const noDemo = { start: () => Promise.reject(new Error('not in this test')), stop: async () => {} }

let host: Host
let web: WebHost
let page: PageClient
let dataDir: string
let rendererDir: string
let sim: Simulator
/** An SSH profile to the simulated appliance, whose host key nobody has accepted. */
let profileId: string

/** Electron's path, as far as it can be taken without Electron: the reply is cloned, never shared. */
const ipcAsThePreloadCarriesIt = (): ApiTransport => ({
  call: async (method, params) => structuredClone(await host.dispatch(method, params, 'window-1')),
  subscribe: () => () => undefined,
})

/** The browser host's path: frames over a real WebSocket to the started host. */
const overTheWebSocket = (): ApiTransport => ({
  call: (method, params) => page.call(method, params) as Promise<Reply>,
  subscribe: () => () => undefined,
})

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-errors-'))
  rendererDir = stubRenderer()
  host = createHost({ kind: 'web', version: '0.0.0-test', demo: noDemo, demoPed: noDemo, dataDir })
  web = await startWebHost({ rendererDir, appHost: host, log: () => undefined })
  page = await PageClient.open(web)
  sim = await startSimulator({ host: '127.0.0.1' })
  const saved = await host.dispatch('profiles.save', {
    profile: {
      kind: 'ssh',
      name: 'Rack 7 HSM',
      ssh: { host: '127.0.0.1', port: sim.appliances[0]!.ssh.port, username: 'admin' },
    },
  })
  if (!saved.ok) throw new Error(saved.error.message)
  profileId = (saved.value as { id: string }).id
})
afterAll(async () => {
  page?.close()
  await web?.close()
  await host?.close()
  await sim?.stop()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(rendererDir, { recursive: true, force: true })
})

/** What the page's code sees when `request` fails: the thrown value. */
async function refusal(api: RacksideApi, request: (api: RacksideApi) => Promise<unknown>): Promise<unknown> {
  try {
    await request(api)
  } catch (error) {
    return error
  }
  throw new Error('the host did not refuse the request')
}

const refusals: [string, (api: RacksideApi) => Promise<unknown>, RacksideError['code'], RegExp][] = [
  [
    'a profile that does not exist',
    (api) => api.profiles.get({ profileId: 'no-such-profile' }),
    'not-found',
    /no connection profile "no-such-profile"/,
  ],
  [
    'a request that breaks the contract',
    (api) => api.profiles.get({ profileId: 42 } as never),
    'invalid-request',
    /Invalid profiles\.get request: profileId:/,
  ],
  [
    // What the console switches on to ask the operator about the key (terminal-controller).
    'an SSH console to an appliance whose host key is not known yet',
    (api) => api.sessions.open({ profileId, cols: 80, rows: 24 }),
    'host-key-unknown',
    /SHA256:/,
  ],
]

describe('a refused request reaches the page as a RacksideError with the host’s code', () => {
  for (const [what, request, code, says] of refusals) {
    it(`${what}: the same code and sentence over IPC and over the WebSocket`, async () => {
      const overIpc = await refusal(buildApi(ipcAsThePreloadCarriesIt()), request)
      const overWs = await refusal(buildApi(overTheWebSocket()), request)
      for (const error of [overIpc, overWs]) {
        expect(error).toBeInstanceOf(RacksideError)
        expect((error as RacksideError).code).toBe(code)
        expect((error as RacksideError).message).toMatch(says)
      }
      expect((overWs as RacksideError).message).toBe((overIpc as RacksideError).message)
    })
  }

  it('over the WebSocket, a request refused before it reaches the host still arrives typed', async () => {
    // A frame the socket itself refuses (here: a method the contract lacks) is answered under its id.
    const api = buildApi({
      call: (_method, params) => page.call('no.suchMethod', params) as Promise<Reply>,
      subscribe: () => () => undefined,
    })
    const error = await refusal(api, (a) => a.app.info({}))
    expect(error).toBeInstanceOf(RacksideError)
    expect((error as RacksideError).code).toBe('invalid-request')
    expect((error as RacksideError).message).toMatch(/no\.suchMethod/)
  })
})
