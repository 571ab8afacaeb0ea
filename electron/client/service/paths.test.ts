import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkedAbsolutePath, checkedCmsFilePath, checkedFolder, checkedLibrary } from './paths'
import { clientError } from './service'

const dir = mkdtempSync(join(tmpdir(), 'rackside-paths-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paths the operator types', () => {
  it('accepts a plain absolute path on Linux and Windows', () => {
    expect(checkedAbsolutePath('/usr/safenet//lunaclient', 'x', 'linux')).toBe('/usr/safenet/lunaclient')
    expect(checkedCmsFilePath('C:\\Windows\\cmsslot.ini', 'cmsslot.ini', 'win32')).toBe(
      'C:\\Windows\\cmsslot.ini',
    )
    expect(checkedCmsFilePath('/srv/cms/PKCS11.CFG', 'pkcs11.cfg', 'linux')).toBe('/srv/cms/PKCS11.CFG')
  })

  it.each([
    ['relative', 'cms/cmsslot.ini', /not absolute/],
    ['a .. segment', '/srv/cms/../../etc/cmsslot.ini', /"\.\." segments/],
    ['a . segment', '/srv/./cmsslot.ini', /"\.\." segments/],
    ['a newline', '/srv/cms/cmsslot.ini\n/etc/passwd', /one line/],
    ['another file', '/etc/passwd', /must end in cmsslot\.ini/],
  ])('refuses %s with a sentence that says what to give', (_what, path, message) => {
    expect(() => checkedCmsFilePath(path, 'cmsslot.ini', 'linux')).toThrow(message)
  })

  it('refuses a Windows path that climbs with backslashes', () => {
    expect(() =>
      checkedCmsFilePath('C:\\ProgramData\\..\\Windows\\cmsslot.ini', 'cmsslot.ini', 'win32'),
    ).toThrow(/"\.\." segments/)
  })

  it('wants a folder that exists, and a library file with a library name', async () => {
    await expect(checkedFolder(dir, 'Luna client folder', 'linux')).resolves.toBe(dir)
    await expect(checkedFolder(join(dir, 'nope'), 'Luna client folder', 'linux')).rejects.toThrow(
      /does not exist or is not a folder/,
    )
    const lib = join(dir, 'libfake.so.2')
    writeFileSync(lib, '')
    await expect(checkedLibrary(lib, 'linux')).resolves.toBe(lib)
    await expect(checkedLibrary('/etc/passwd', 'linux')).rejects.toThrow(/not a PKCS#11 library/)
    await expect(checkedLibrary(join(dir, 'missing.so'), 'linux')).rejects.toThrow(/SoftHSM2/)
  })
})

describe('client-side errors as they cross the contract', () => {
  it('keeps the message and gives the UI a code it can branch on', () => {
    const cases: [unknown, string][] = [
      [Object.assign(new Error('x'), { code: 'slot-not-found' }), 'slot-not-found'],
      [Object.assign(new Error('x'), { code: 'cryptoki-not-found' }), 'cryptoki-failed'],
      [Object.assign(new Error('x'), { code: 'password-change-required' }), 'password-change-required'],
      [Object.assign(new Error('x'), { name: 'ConfigFileCorruptError' }), 'file-corrupt'],
      [new Error('surprise'), 'internal'],
    ]
    for (const [error, code] of cases) expect(clientError(error).code).toBe(code)
    expect(clientError(new Error('surprise')).message).toMatch(/unexpected error: surprise/)
  })
})
