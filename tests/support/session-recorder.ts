/**
 * A session sink for tests: keeps the output and the states, acknowledges output as a renderer would (or, with
 * `acking: false`, plays a renderer that has fallen behind), and waits for text or a state.
 */
import type { SessionState } from '../../shared/api'
import type { ConsoleSession, SessionSink } from '../../electron/sessions/session'

export function recorder(options: { acking?: boolean } = {}) {
  let text = ''
  /** Every character received, including what `clear()` dropped. */
  let chars = 0
  const states: { state: SessionState; message?: string }[] = []
  let session: ConsoleSession | undefined
  const sink: SessionSink = {
    data(data) {
      text += data
      chars += data.length
      if (options.acking !== false) queueMicrotask(() => session?.ack(data.length))
    },
    status: (state, message) => states.push({ state, message }),
  }
  return {
    sink,
    states,
    bind: (s: ConsoleSession) => (session = s),
    get text() {
      return text
    },
    get chars() {
      return chars
    },
    clear: () => (text = ''),
    async waitFor(pattern: RegExp | string, timeoutMs = 10_000) {
      const start = Date.now()
      const test = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text))
      while (!test()) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`never saw ${pattern}; got:\n${text.slice(-1500)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async waitForState(state: SessionState, from = 0, timeoutMs = 10_000) {
      const start = Date.now()
      for (;;) {
        const found = states.slice(from).find((s) => s.state === state)
        if (found) return found.message ?? ''
        if (Date.now() - start > timeoutMs)
          throw new Error(`never reached ${state}: ${JSON.stringify(states)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
  }
}
