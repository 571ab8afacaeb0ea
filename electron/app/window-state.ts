/**
 * The main window opens where the operator left it: size, position and maximised state are kept in
 * window-state.json in the data folder. A position no display shows any more (a laptop undocked from the
 * rack's monitor, a projector gone) is moved back onto a screen, so the window never opens out of reach.
 *
 * The placement is plain arithmetic on rectangles, tested without Electron; main.ts hands in the displays'
 * work areas and the window.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../write-file-atomic'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** The bounds when not maximised, so un-maximising after a restart returns to them. */
  bounds: Rect
  maximized: boolean
}

export interface Placement {
  /** x and y are absent when the window should be centred by the window manager. */
  bounds: { x?: number; y?: number; width: number; height: number }
  maximized: boolean
}

export const windowStateFileName = 'window-state.json'
export const defaultWindowSize = { width: 1280, height: 820 }
export const minimumWindowSize = { width: 720, height: 480 }
/** How much of the window, from its top-left (title bar), a display must show to leave the window where it was. */
const reachable = { width: 160, height: 48 }

const rect = z.strictObject({
  x: z.number().int().finite(),
  y: z.number().int().finite(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
const stateFile = z.strictObject({ bounds: rect, maximized: z.boolean() })

function overlap(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high))
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: clamp(size.width, minimumWindowSize.width, area.width),
    height: clamp(size.height, minimumWindowSize.height, area.height),
  }
}

/**
 * Where to open the window. `workAreas` are the displays' work areas (without task bars and docks), `primary`
 * the primary display's. Without a saved state: the default size, centred. A saved window whose title bar a
 * display still shows keeps its place, pulled fully onto that display if it hangs over an edge; otherwise it
 * keeps its size and opens centred on the primary display.
 */
export function placeWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
  primary: Rect,
): Placement {
  if (!saved) return { bounds: fitSize(defaultWindowSize, primary), maximized: false }
  const titleBar: Rect = { ...saved.bounds, height: Math.min(saved.bounds.height, reachable.height) }
  const home = workAreas.find((area) => {
    const seen = overlap(titleBar, area)
    return seen !== undefined && seen.width >= Math.min(reachable.width, titleBar.width)
  })
  if (!home) {
    const size = fitSize(saved.bounds, primary)
    return {
      bounds: {
        ...size,
        x: primary.x + Math.round((primary.width - size.width) / 2),
        y: primary.y + Math.round((primary.height - size.height) / 2),
      },
      maximized: saved.maximized,
    }
  }
  const size = fitSize(saved.bounds, home)
  return {
    bounds: {
      ...size,
      x: clamp(saved.bounds.x, home.x, home.x + home.width - size.width),
      y: clamp(saved.bounds.y, home.y, home.y + home.height - size.height),
    },
    maximized: saved.maximized,
  }
}

/** The saved state, or undefined when there is none or it is not one (a damaged file is ignored, not fatal). */
export function loadWindowState(dataDir: string): WindowState | undefined {
  let text: string
  try {
    text = readFileSync(join(dataDir, windowStateFileName), 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = stateFile.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Written atomically, so a crash mid-write leaves the old state whole. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  const file = join(dataDir, windowStateFileName)
  writeFileAtomic(file, `${JSON.stringify(stateFile.parse(state), null, 2)}\n`)
}

/** The parts of Electron's BrowserWindow the tracker uses. */
export interface TrackedWindow {
  getNormalBounds(): Rect
  isMaximized(): boolean
  isFullScreen(): boolean
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
}

/**
 * Keeps window-state.json up to date: a second after the window stops moving or resizing, and on close.
 * A full-screen window is remembered by its normal bounds, not as full screen. Write errors are passed to
 * `onError` (the window keeps working; only the next start forgets the place).
 */
export function trackWindowState(
  window: TrackedWindow,
  dataDir: string,
  onError: (error: Error) => void = () => {},
): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    try {
      saveWindowState(dataDir, {
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized() && !window.isFullScreen(),
      })
    } catch (error) {
      onError(error as Error)
    }
  }
  const later = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, 1000)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later)
  window.on('close', save)
}
