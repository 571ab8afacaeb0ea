/**
 * The sandboxed preload: hands the page one transport (`window.racksideBridge`): requests over one IPC invoke
 * channel, events over another. Replies cross the context bridge as plain data, since the bridge would strip
 * an Error of its code; the page builds `window.rackside` from it with shared/api-client, the same code the
 * browser host's page uses over its WebSocket. Nothing else reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { preloadBridgeName, type ApiTransport } from '../shared/api-client'
import { eventNames, ipcChannels } from '../shared/api-surface'
import { toApiError, type Reply } from '../shared/errors'

const bridge: ApiTransport = {
  // The host answers every request with a Reply; should IPC itself fail, that too becomes one, not a thrown Error.
  call: (method, params) =>
    (ipcRenderer.invoke(ipcChannels.request, method, params) as Promise<Reply>).catch(
      (error: unknown): Reply => ({ ok: false, error: toApiError(error) }),
    ),
  subscribe(event, listener) {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`)
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(ipcChannels.event, handler)
    return () => ipcRenderer.removeListener(ipcChannels.event, handler)
  },
}

contextBridge.exposeInMainWorld(preloadBridgeName, bridge)
