import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../shared/errors'
import { createSettingsStore, defaultSettings, settingsFileName } from './store'

let dataDir: string
const file = () => join(dataDir, settingsFileName)

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-settings-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the settings store', () => {
  it('starts from PuTTY’s habits on Windows and the browser’s elsewhere', () => {
    expect(defaultSettings('win32')).toMatchObject({ copyOnSelect: true, rightClickPaste: true })
    expect(defaultSettings('linux')).toMatchObject({ copyOnSelect: false, rightClickPaste: false })
    expect(createSettingsStore({ dataDir, platform: 'win32' }).read()).toEqual({
      settings: defaultSettings('win32'),
    })
  })

  it('keeps a change for the next store on the same folder (a restarted host)', () => {
    createSettingsStore({ dataDir }).update({ fontSize: 18, colourScheme: 'light' })
    const again = createSettingsStore({ dataDir }).read()
    expect(again.settings).toMatchObject({ fontSize: 18, colourScheme: 'light' })
    expect(again.notice).toBeUndefined()
  })

  it('writes through a temporary file renamed over the old one, leaving no temporary behind', () => {
    const store = createSettingsStore({ dataDir })
    store.update({ fontSize: 16 })
    store.update({ fontSize: 20 })
    expect(readdirSync(dataDir)).toEqual([settingsFileName])
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ fontSize: 20 })
  })

  it('an old settings file is whole until the rename: a leftover temporary from a crash is ignored', () => {
    const store = createSettingsStore({ dataDir })
    store.update({ fontSize: 16 })
    writeFileSync(join(dataDir, `${settingsFileName}.999.tmp`), '{"fontSize": 2')
    expect(createSettingsStore({ dataDir }).read()).toEqual({
      settings: { ...defaultSettings(), fontSize: 16 },
    })
  })

  it('refuses a bad value, an unknown setting or a wrong type and writes nothing', () => {
    const store = createSettingsStore({ dataDir })
    const refusals: [unknown, RegExp][] = [
      [{ fontSize: 200 }, /fontSize/],
      [{ fontSize: 12.5 }, /fontSize/],
      [{ colourScheme: 'purple' }, /colourScheme/],
      [{ fontFamily: 'Mono; } body { background: url(http://x)' }, /fontFamily: may hold only font names/],
      [{ copyOnSelect: 'yes' }, /copyOnSelect/],
      [{ password: 'hunter2' }, /unknown setting "password"/],
      ['fontSize=18', /Settings not saved/],
    ]
    for (const [changes, message] of refusals) {
      let thrown: unknown
      try {
        store.update(changes)
      } catch (error) {
        thrown = error
      }
      expect(hasErrorCode(thrown, 'invalid-request'), JSON.stringify(changes)).toBe(true)
      expect((thrown as Error).message).toMatch(message)
      expect(existsSync(file()), JSON.stringify(changes)).toBe(false)
    }
    // A refused change among good ones changes nothing of what was saved before.
    store.update({ fontSize: 15 })
    const before = readFileSync(file(), 'utf8')
    expect(() => store.update({ fontSize: 16, scrollback: 5 })).toThrow(/scrollback/)
    expect(readFileSync(file(), 'utf8')).toBe(before)
  })

  it('a damaged file gives the defaults and says so; the next save keeps the damaged one aside', () => {
    writeFileSync(file(), '{"fontSize": 18, "colourScheme": ')
    const store = createSettingsStore({ dataDir })
    const { settings, notice } = store.read()
    expect(settings).toEqual(defaultSettings())
    expect(notice).toMatch(/settings\.json is damaged .*the defaults are used/)
    store.update({ fontSize: 13 })
    expect(readFileSync(`${file()}.damaged`, 'utf8')).toBe('{"fontSize": 18, "colourScheme": ')
    expect(createSettingsStore({ dataDir }).read()).toEqual({
      settings: { ...defaultSettings(), fontSize: 13 },
    })
  })

  it('drops unknown names and resets values out of range, naming them', () => {
    writeFileSync(
      file(),
      '{"fontSize": 99, "colourScheme": "light", "theme": "x", "__proto__": {"copyOnSelect": true}}',
    )
    const { settings, notice } = createSettingsStore({ dataDir, platform: 'linux' }).read()
    expect(settings).toEqual({ ...defaultSettings('linux'), colourScheme: 'light' })
    expect(settings).not.toHaveProperty('theme')
    expect(notice).toBe('Saved settings out of range were reset to their defaults: fontSize.')
  })

  it('a file holding something other than an object gives the defaults and says so', () => {
    writeFileSync(file(), '[1, 2]')
    expect(createSettingsStore({ dataDir }).read()).toEqual({
      settings: defaultSettings(),
      notice: expect.stringMatching(/does not hold settings/) as unknown,
    })
  })
})
