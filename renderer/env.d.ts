import type { Terminal } from '@xterm/xterm'
import type { RacksideApi } from '../shared/api'

declare global {
  interface Window {
    /** The host API: from the preload in Electron, from renderer/bridge in the browser host. */
    rackside: RacksideApi
    /** The active terminal, only when the page was opened with ?e2e (tests read its buffer). */
    __racksideTerm?: Terminal
  }
}
