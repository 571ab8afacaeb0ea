import { describe, expect, it } from 'vitest'
import { shortcutOf } from './shortcuts'

const press = (key: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean } = {}) =>
  shortcutOf({
    key,
    ctrlKey: !!mods.ctrl,
    shiftKey: !!mods.shift,
    altKey: !!mods.alt,
    metaKey: !!mods.meta,
  })

describe('the console shortcuts', () => {
  it('switch tabs with Ctrl+Tab and Ctrl+PageDown, back with Ctrl+Shift+Tab and Ctrl+PageUp', () => {
    expect(press('Tab', { ctrl: true })).toBe('next-tab')
    expect(press('PageDown', { ctrl: true })).toBe('next-tab')
    expect(press('Tab', { ctrl: true, shift: true })).toBe('previous-tab')
    expect(press('PageUp', { ctrl: true })).toBe('previous-tab')
  })

  it('find with Ctrl+Shift+F and close with Ctrl+Shift+W, whatever Caps Lock says', () => {
    expect(press('F', { ctrl: true, shift: true })).toBe('find')
    expect(press('f', { ctrl: true, shift: true })).toBe('find')
    expect(press('W', { ctrl: true, shift: true })).toBe('close-tab')
  })

  it('leaves the appliance its own keys: Tab, Ctrl+F, Ctrl+W and Ctrl+Alt combinations', () => {
    expect(press('Tab')).toBeUndefined()
    expect(press('f', { ctrl: true })).toBeUndefined() // readline: forward one character
    expect(press('w', { ctrl: true })).toBeUndefined() // readline: delete the word before
    expect(press('Tab', { ctrl: true, alt: true })).toBeUndefined()
    expect(press('PageDown')).toBeUndefined()
  })
})
