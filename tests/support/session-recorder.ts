/**
 * A session sink for tests: keeps the output and the states, acknowledges output as a renderer would, and
 * waits for text or a state.
 */
import type { SessionState } from '../../shared/api'
import type { ConsoleSession, SessionSink } from '../../electron/sessions/session'

export function recorder() {
  let text = ''
  const states: { state: SessionState; message?: string }[] = []
  let session: ConsoleSession | undefined
  const sink: SessionSink = {
    data(data) {
      text += data
      queueMicrotask(() => session?.ack(data.length))
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
