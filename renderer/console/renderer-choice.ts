import type { Terminal } from '@xterm/xterm'

const params = (): URLSearchParams => new URLSearchParams(location.search)

/**
 * WebGL (with a DOM fallback on context loss) for people; the DOM renderer when asked for with
 * ?renderer=dom or when a browser is under automation, so tests read the text the user sees in `.xterm-rows`.
 */
export function preferredRenderer(): 'webgl' | 'dom' {
  const asked = params().get('renderer')
  if (asked === 'dom' || asked === 'webgl') return asked
  return navigator.webdriver ? 'dom' : 'webgl'
}

/** With ?e2e in the URL, the active terminal is reachable as window.__racksideTerm; never otherwise. */
export function exposeForTests(terminal: Terminal): void {
  if (params().has('e2e')) window.__racksideTerm = terminal
}
