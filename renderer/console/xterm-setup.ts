/**
 * The xterm.js terminal of one console: its options and colour scheme from the console settings, its addons
 * (fit, search, Unicode 11 widths, links, WebGL with a DOM fallback), and fitting it to its container.
 */
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { WebglAddon } from '@xterm/addon-webgl'
import type { Settings } from '../../shared/api'
import { terminalOptions } from './themes'

export interface Xterm {
  terminal: Terminal
  fit: FitAddon
  search: SearchAddon
}

/** Creates the terminal with the current settings and opens it in `container`. */
export function openXterm(container: HTMLElement, settings: Settings, renderer: 'webgl' | 'dom'): Xterm {
  const fit = new FitAddon()
  const search = new SearchAddon()
  const terminal = new Terminal({
    allowProposedApi: true,
    cursorBlink: true,
    lineHeight: 1.15,
    ...terminalOptions(settings),
  })
  terminal.loadAddon(fit)
  terminal.loadAddon(search)
  terminal.loadAddon(new Unicode11Addon())
  terminal.unicode.activeVersion = '11'
  terminal.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')))
  terminal.open(container)
  container.style.setProperty('--terminal-background', terminal.options.theme?.background ?? '')
  container.dataset.renderer = renderer
  if (renderer === 'webgl') loadWebgl(terminal, container)
  return { terminal, fit, search }
}

/** Font, colours, scrollback and screen-reader mode, as the settings now say (the caller re-fits). */
export function applyXtermSettings(terminal: Terminal, container: HTMLElement, settings: Settings): void {
  const options = terminalOptions(settings)
  Object.assign(terminal.options, options)
  // The padding around xterm's own canvas takes the scheme's background too (styles.css reads it).
  container.style.setProperty('--terminal-background', options.theme.background ?? '')
}

/** Fits the terminal to its container, unless the container is hidden or not laid out yet. */
export function fitToContainer(fit: FitAddon, container: HTMLElement): void {
  if (container.clientWidth === 0 || container.clientHeight === 0) return
  try {
    fit.fit()
  } catch {
    // not laid out yet
  }
}

/** Calls `refit` once per frame while the container's size changes; returns the disposer. */
export function followContainerSize(container: HTMLElement, refit: () => void): () => void {
  let frame = 0
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(refit)
  })
  observer.observe(container)
  return () => {
    cancelAnimationFrame(frame)
    observer.disconnect()
  }
}

function loadWebgl(terminal: Terminal, container: HTMLElement): void {
  try {
    const webgl = new WebglAddon()
    webgl.onContextLoss(() => {
      webgl.dispose()
      container.dataset.renderer = 'dom'
    })
    terminal.loadAddon(webgl)
  } catch {
    container.dataset.renderer = 'dom'
    return
  }
}
