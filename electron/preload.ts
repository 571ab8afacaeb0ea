/**
 * The sandboxed preload: exposes exactly `window.rackside` (shared/api.ts), built over one IPC invoke channel
 * for requests and one channel for events. Nothing else reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildApi } from '../shared/api-client'
import { ipcChannels } from '../shared/api-surface'

const api = buildApi(
  {
    call: (method, params) => ipcRenderer.invoke(ipcChannels.request, method, params),
    subscribe(event, listener) {
      const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
        if (name === event) listener(payload)
      }
      ipcRenderer.on(ipcChannels.event, handler)
      return () => ipcRenderer.removeListener(ipcChannels.event, handler)
    },
  },
  // Errors cross the context bridge as plain Errors; the code rides in the name so the page can branch on it.
  (error) => Object.assign(new Error(error.message), { name: `RacksideError:${error.code}` }),
)

contextBridge.exposeInMainWorld('rackside', api)
