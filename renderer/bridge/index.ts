/**
 * Makes sure `window.rackside` exists: Electron's preload has already set it; in the browser host it is built
 * here with the same shared/api-client over a WebSocket.
 */
import { buildApi } from '../../shared/api-client'
import { webSocketTransport } from './ws-transport'

export function ensureRackside(onHostLost: (reason: string) => void): void {
  if (typeof window.rackside === 'object' && window.rackside !== null) return
  const token = new URLSearchParams(location.search).get('token')
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`
  const transport = webSocketTransport(url)
  transport.onClose(onHostLost)
  window.rackside = buildApi(transport, (error) =>
    Object.assign(new Error(error.message), { name: `RacksideError:${error.code}` }),
  )
}
