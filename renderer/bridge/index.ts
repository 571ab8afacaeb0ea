/**
 * Builds `window.rackside` with shared/api-client over the transport this page has: Electron's preload hands
 * one over as `window.racksideBridge`; in the browser host it is a WebSocket. Either way the errors the page
 * sees are RacksideErrors made here, on the page's side of the transport.
 */
import { buildApi, type ApiTransport } from '../../shared/api-client'
import { webSocketTransport } from './ws-transport'

export function ensureRackside(onHostLost: (reason: string) => void): void {
  if (typeof window.rackside === 'object' && window.rackside !== null) return
  window.rackside = buildApi(window.racksideBridge ?? browserHostTransport(onHostLost))
}

function browserHostTransport(onHostLost: (reason: string) => void): ApiTransport {
  const token = new URLSearchParams(location.search).get('token')
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`
  const transport = webSocketTransport(url)
  transport.onClose(onHostLost)
  return transport
}
