import { spawn } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigFileCorruptError } from '../../shared/cmsconfig/codec'
import { FileWriteError, atomicWrite } from './atomic-write'
import {
  CmsFileMissingError,
  FileChangedSincePreviewError,
  applyPreview,
  defaultCmsPaths,
  ensureCmsSlotIniFromDistribution,
  previewCmsSlotIni,
  previewPkcs11Cfg,
} from './cmsfiles'
import { SlotNotFoundError } from './pkcs11'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-cms-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const slotExists = (): void => undefined
const INI = '; CMS\r\n[CMS]\r\nTokenName=old_par\r\nUnknown=1\r\n'

/** Bytes and modification time: what "untouched" means. */
function snapshot(path: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs }
}

describe('default places', () => {
  it('are the Windows folder for cmsslot.ini and CMS Local Files for pkcs11.cfg', () => {
    expect(defaultCmsPaths({ SystemRoot: 'C:\\Windows', ProgramData: 'C:\\ProgramData' })).toEqual({
      cmsSlotIni: 'C:\\Windows\\cmsslot.ini',
      pkcs11Cfg: 'C:\\ProgramData\\HID Global\\Credential Management System\\Local Files\\pkcs11.cfg',
    })
  })
})

describe('preview and write', () => {
  it('writes the approved change, keeps a timestamped backup of the old file, and leaves no temporary file', async () => {
    const path = join(dir, 'cmsslot.ini')
    writeFileSync(path, INI)
    const preview = await previewCmsSlotIni(path, { by: 'token-name', tokenName: 'cms_par1' })
    expect(preview.diff).toContain('-TokenName=old_par\n+TokenName=cms_par1')
    const result = await applyPreview(preview, {
      checkSlot: slotExists,
      now: new Date('2026-11-28T16:05:12.345Z'),
    })
    expect(result.written).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe(INI.replace('old_par', 'cms_par1'))
    expect(result.backupPath).toBe(`${path}.20261128T160512.345Z.bak`)
    expect(readFileSync(result.backupPath!, 'utf8')).toBe(INI)
    expect(readdirSync(dir).sort()).toEqual(['cmsslot.ini', 'cmsslot.ini.20261128T160512.345Z.bak'])
  })

  it('never overwrites an earlier backup made in the same millisecond', async () => {
    const path = join(dir, 'pkcs11.cfg')
    writeFileSync(path, 'slot=1\n')
    const now = new Date('2026-11-28T16:05:12.345Z')
    await applyPreview(await previewPkcs11Cfg(path, 2), { checkSlot: slotExists, now })
    const second = await applyPreview(await previewPkcs11Cfg(path, 3), { checkSlot: slotExists, now })
    expect(second.backupPath).toMatch(/345Z-1\.bak$/)
    expect(readFileSync(second.backupPath!, 'utf8')).toBe('slot=2\n')
  })

  it('writes nothing when the slot does not exist through PKCS#11', async () => {
    const path = join(dir, 'pkcs11.cfg')
    writeFileSync(path, 'slot=1\n')
    const before = snapshot(path)
    const preview = await previewPkcs11Cfg(path, 9)
    const refuse = (): never => {
      throw new SlotNotFoundError({ by: 'slot-id', slotId: 9 }, [])
    }
    await expect(applyPreview(preview, { checkSlot: refuse })).rejects.toBeInstanceOf(SlotNotFoundError)
    expect(snapshot(path)).toEqual(before)
    expect(readdirSync(dir)).toEqual(['pkcs11.cfg'])
  })

  it('refuses to write when the file changed after the preview', async () => {
    const path = join(dir, 'cmsslot.ini')
    writeFileSync(path, INI)
    const preview = await previewCmsSlotIni(path, { by: 'slot-id', slotId: 4 })
    writeFileSync(path, INI + 'Added=by someone else\r\n')
    await expect(applyPreview(preview, { checkSlot: slotExists })).rejects.toBeInstanceOf(
      FileChangedSincePreviewError,
    )
    expect(readFileSync(path, 'utf8')).toBe(INI + 'Added=by someone else\r\n')
  })

  it('does not touch a file that already says what is asked', async () => {
    const path = join(dir, 'cmsslot.ini')
    writeFileSync(path, INI)
    utimesSync(path, 1_000_000, 1_000_000)
    const before = snapshot(path)
    const result = await applyPreview(
      await previewCmsSlotIni(path, { by: 'token-name', tokenName: 'old_par' }),
      {
        checkSlot: slotExists,
      },
    )
    expect(result).toMatchObject({ written: false })
    expect(snapshot(path)).toEqual(before)
    expect(readdirSync(dir)).toEqual(['cmsslot.ini'])
  })
})

describe('a corrupt file', () => {
  const corrupt: [string, Buffer, number][] = [
    [
      'a line that is neither section, key=value, comment nor blank',
      Buffer.from('[CMS]\r\nSlotID=1\r\nrubbish\r\n'),
      3,
    ],
    [
      'binary garbage',
      Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff]),
      1,
    ],
    ['invalid UTF-16', Buffer.from([0xff, 0xfe, 0x5b, 0x00, 0x00, 0xdc, 0x5d, 0x00]), 1],
  ]
  for (const [name, bytes, line] of corrupt) {
    it(`is refused with its line and left untouched (bytes and mtime): ${name}`, async () => {
      const path = join(dir, 'cmsslot.ini')
      writeFileSync(path, bytes)
      utimesSync(path, 1_000_000, 1_000_000)
      const before = snapshot(path)
      const error = await previewCmsSlotIni(path, { by: 'slot-id', slotId: 1 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigFileCorruptError)
      expect((error as ConfigFileCorruptError).line).toBe(line)
      expect((error as Error).message).toMatch(new RegExp(`line ${line} .*left the file unchanged`))
      expect(snapshot(path)).toEqual(before)
      expect(readdirSync(dir)).toEqual(['cmsslot.ini'])
    })
  }
})

describe('cmsslot.ini when it is missing', () => {
  it('says where to get it', async () => {
    await expect(
      previewCmsSlotIni(join(dir, 'cmsslot.ini'), { by: 'slot-id', slotId: 1 }),
    ).rejects.toBeInstanceOf(CmsFileMissingError)
    await expect(previewPkcs11Cfg(join(dir, 'pkcs11.cfg'), 1)).rejects.toThrow(/ActivID CMS creates it/)
  })

  it('is copied byte for byte from the distribution’s HSM folder, and an existing one is left alone', async () => {
    const dist = join(dir, 'CMS_dist')
    mkdirSync(join(dist, 'HSM'), { recursive: true })
    const shipped = Buffer.from([0xff, 0xfe, ...Buffer.from('[CMS]\r\n;TokenName=\r\n', 'utf16le')])
    writeFileSync(join(dist, 'HSM', 'cmsslot.ini'), shipped)
    const target = join(dir, 'cmsslot.ini')
    expect(await ensureCmsSlotIniFromDistribution(target, dist)).toMatchObject({ source: 'distribution' })
    expect(readFileSync(target)).toEqual(shipped)
    expect(await ensureCmsSlotIniFromDistribution(target, dist)).toMatchObject({ source: 'existing' })
    const preview = await previewCmsSlotIni(target, { by: 'token-name', tokenName: 'par' })
    expect(Buffer.from(preview.after)).toEqual(
      Buffer.from([0xff, 0xfe, ...Buffer.from('[CMS]\r\nTokenName=par\r\n', 'utf16le')]),
    )
    await expect(
      ensureCmsSlotIniFromDistribution(join(dir, 'other.ini'), join(dir, 'nowhere')),
    ).rejects.toThrow(/No cmsslot.ini in/)
  })

  it('can be created from Rackside’s template through the same preview and write', async () => {
    const path = join(dir, 'cmsslot.ini')
    const preview = await previewCmsSlotIni(path, { by: 'slot-id', slotId: 5 }, { createIfMissing: true })
    expect(preview.existed).toBe(false)
    expect(preview.diff).toContain('+SlotID=5')
    const result = await applyPreview(preview, { checkSlot: slotExists })
    expect(result.backupPath).toBeUndefined()
    expect(readFileSync(path, 'utf8')).toMatch(/\[Slot\]\r\nSlotID=5\r\n$/)
  })
})

describe('the atomic write', () => {
  it('leaves the old file and no temporary file when it fails before the rename', async () => {
    const path = join(dir, 'pkcs11.cfg')
    writeFileSync(path, 'slot=1\n')
    const preview = await previewPkcs11Cfg(path, 2)
    const error = await applyPreview(preview, {
      checkSlot: slotExists,
      beforeRename: () => {
        throw Object.assign(new Error('disk gone'), { code: 'EIO' })
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileWriteError)
    expect((error as Error).message).toMatch(/\(EIO\)\. The previous file is unchanged/)
    expect(readFileSync(path, 'utf8')).toBe('slot=1\n')
    expect(readdirSync(dir).filter((n) => n.includes('rackside-tmp'))).toEqual([])
  })

  it('clears temporary files a killed write left behind, once they are stale', async () => {
    const path = join(dir, 'f.ini')
    writeFileSync(path, 'a')
    const stale = join(dir, '.f.ini.0123456789ab.rackside-tmp')
    const fresh = join(dir, '.f.ini.ba9876543210.rackside-tmp')
    writeFileSync(stale, 'half')
    writeFileSync(fresh, 'maybe another writer')
    utimesSync(stale, 1_000_000, 1_000_000)
    await atomicWrite(path, Buffer.from('b'))
    expect(readdirSync(dir).sort()).toEqual(['.f.ini.ba9876543210.rackside-tmp', 'f.ini'])
  })

  it('keeps the file mode of the file it replaces', async () => {
    const path = join(dir, 'f.ini')
    writeFileSync(path, 'a', { mode: 0o600 })
    await atomicWrite(path, Buffer.from('b'))
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('leaves either the old or the new file when the writing process is killed at any moment', async () => {
    const path = join(dir, 'big.ini')
    const oldData = Buffer.alloc(4 << 20, 'o')
    const newData = Buffer.alloc(4 << 20, 'n')
    const module = fileURLToPath(new URL('./atomic-write.ts', import.meta.url))
    const seen = new Set<string>()
    for (const delay of [0, 3, 7, 15, 30, 60]) {
      writeFileSync(path, oldData)
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `import { atomicWrite } from ${JSON.stringify(module)}
           const data = Buffer.alloc(4 << 20, 'n')
           process.stdout.write('ready\\n')
           for (;;) await atomicWrite(${JSON.stringify(path)}, data)`,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      )
      await new Promise((r) => child.stdout!.once('data', r))
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const now = readFileSync(path)
      expect(now.equals(oldData) || now.equals(newData)).toBe(true)
      seen.add(now.equals(oldData) ? 'old' : 'new')
    }
    // The kills landed both before and after a rename, so both outcomes were exercised.
    expect(seen).toEqual(new Set(['old', 'new']))
  }, 30_000)
})
