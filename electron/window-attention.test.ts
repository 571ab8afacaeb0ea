import { describe, expect, it } from 'vitest'
import { flashWindow, type AttentionWindow } from './window-attention'

function fakeWindow(id: number, focused: boolean) {
  const flashes: boolean[] = []
  let onFocus: (() => void) | undefined
  const win: AttentionWindow = {
    webContents: { id },
    isFocused: () => focused,
    flashFrame: (flag) => void flashes.push(flag),
    once: (_event, listener) => (onFocus = listener),
  }
  return { win, flashes, focus: () => onFocus?.() }
}

describe('flashing the window a waiting command belongs to', () => {
  it("flashes only the asking client's window, and stops when the operator comes back", () => {
    const mine = fakeWindow(7, false)
    const other = fakeWindow(8, false)
    expect(flashWindow([other.win, mine.win], 'window-7')).toBe(true)
    expect(mine.flashes).toEqual([true])
    expect(other.flashes).toEqual([])
    mine.focus()
    expect(mine.flashes).toEqual([true, false])
  })

  it('does nothing for a window that has the focus or a client without a window', () => {
    const focused = fakeWindow(7, true)
    expect(flashWindow([focused.win], 'window-7')).toBe(false)
    expect(flashWindow([focused.win], 'ws-3')).toBe(false)
    expect(focused.flashes).toEqual([])
  })
})
