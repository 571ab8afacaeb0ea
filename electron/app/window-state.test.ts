import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  defaultWindowSize,
  loadWindowState,
  minimumWindowSize,
  placeWindow,
  saveWindowState,
  trackWindowState,
  windowStateFileName,
  type Rect,
  type TrackedWindow,
} from './window-state'

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 }
const rackMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('where the window opens', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(undefined, [laptop], laptop)).toEqual({ bounds: defaultWindowSize, maximized: false })
  })

  it('opens where it was left, on the second display, maximised as it was', () => {
    const saved = { bounds: { x: 2100, y: 80, width: 1400, height: 900 }, maximized: true }
    expect(placeWindow(saved, [laptop, rackMonitor], laptop)).toEqual(saved)
  })

  it('comes back onto the laptop when the monitor it was on is unplugged, keeping its size', () => {
    const saved = { bounds: { x: 2100, y: 80, width: 1400, height: 900 }, maximized: false }
    expect(placeWindow(saved, [laptop], laptop)).toEqual({
      bounds: { x: 260, y: 75, width: 1400, height: 900 },
      maximized: false,
    })
  })

  it('is pulled fully onto its display when it hangs over an edge', () => {
    const saved = { bounds: { x: 1500, y: -20, width: 1000, height: 700 }, maximized: false }
    expect(placeWindow(saved, [laptop], laptop).bounds).toEqual({ x: 920, y: 0, width: 1000, height: 700 })
  })

  it('moves a window whose title bar is above every display (only its lower part visible)', () => {
    const saved = { bounds: { x: 100, y: -600, width: 1000, height: 800 }, maximized: false }
    expect(placeWindow(saved, [laptop], laptop).bounds).toEqual({ x: 460, y: 125, width: 1000, height: 800 })
  })

  it('shrinks a window larger than the display it opens on, and never below the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 }
    expect(placeWindow({ bounds: rackMonitor, maximized: false }, [small], small).bounds).toEqual(small)
    const tiny = { bounds: { x: 10, y: 10, width: 50, height: 20 }, maximized: false }
    expect(placeWindow(tiny, [laptop], laptop).bounds).toMatchObject(minimumWindowSize)
  })
})

describe('the window-state file', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rackside-window-'))
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

  it('round-trips through the data folder, leaving no temporary file', () => {
    const state = { bounds: { x: 40, y: 30, width: 1300, height: 850 }, maximized: true }
    saveWindowState(dataDir, state)
    expect(loadWindowState(dataDir)).toEqual(state)
    expect(readdirSync(dataDir)).toEqual([windowStateFileName])
  })

  it('is no state at all when missing, damaged or not a window state, so the window opens at its default', () => {
    expect(loadWindowState(dataDir)).toBeUndefined()
    for (const text of [
      '{"bounds": {"x": 1',
      '[]',
      '{"bounds": {"x": 0, "y": 0, "width": -5, "height": 9}, "maximized": false}',
    ]) {
      writeFileSync(join(dataDir, windowStateFileName), text)
      expect(loadWindowState(dataDir)).toBeUndefined()
    }
  })

  it('is saved a moment after the window stops moving, and at once on close', () => {
    vi.useFakeTimers()
    try {
      const events = new EventEmitter()
      let bounds: Rect = { x: 0, y: 0, width: 900, height: 600 }
      const window: TrackedWindow = {
        getNormalBounds: () => bounds,
        isMaximized: () => false,
        isFullScreen: () => false,
        on: (event, listener) => events.on(event, listener),
      }
      trackWindowState(window, dataDir)
      bounds = { ...bounds, x: 300 }
      events.emit('move')
      expect(loadWindowState(dataDir)).toBeUndefined()
      vi.advanceTimersByTime(1000)
      expect(loadWindowState(dataDir)?.bounds.x).toBe(300)
      bounds = { ...bounds, width: 1000 }
      events.emit('close')
      expect(JSON.parse(readFileSync(join(dataDir, windowStateFileName), 'utf8')).bounds.width).toBe(1000)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports a folder it cannot write to instead of throwing into the window', () => {
    const events = new EventEmitter()
    const errors: Error[] = []
    const window: TrackedWindow = {
      getNormalBounds: () => ({ x: 0, y: 0, width: 900, height: 600 }),
      isMaximized: () => false,
      isFullScreen: () => false,
      on: (event, listener) => events.on(event, listener),
    }
    const notAFolder = join(dataDir, 'file')
    writeFileSync(notAFolder, '')
    trackWindowState(window, notAFolder, (error) => errors.push(error))
    events.emit('close')
    expect(errors).toHaveLength(1)
  })
})
