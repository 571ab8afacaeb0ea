import type { Terminal } from '@xterm/xterm'
import type { RacksideApi } from '../shared/api'
import type { ApiTransport } from '../shared/api-client'

declare global {
  interface Window {
    /** The host API, built by renderer/bridge over the preload's transport (Electron) or a WebSocket. */
    rackside: RacksideApi
    /** Electron only: the preload's IPC transport, which renderer/bridge builds `rackside` from. */
    racksideBridge?: ApiTransport
    /** The active terminal, only when the page was opened with ?e2e (tests read its buffer). */
    __racksideTerm?: Terminal
  }
}
