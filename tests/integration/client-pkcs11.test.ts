/**
 * PKCS#11 slot listing through pkcs11js against a real SoftHSM2 with tokens initialised in a temporary folder.
 * SoftHSM derives slot IDs from the token serial, so slots are found by label, never by a fixed number.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CryptokiLoadError,
  CryptokiNotFoundError,
  CryptokiTimeoutError,
  SlotNotFoundError,
  checkSlotExists,
  findSlot,
  listSlots,
  resolveCryptokiLibrary,
} from '../../electron/client/pkcs11'
import { applyPreview, previewCmsSlotIni, previewPkcs11Cfg } from '../../electron/client/cmsfiles'

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'
const dir = mkdtempSync(join(tmpdir(), 'rackside-softhsm-'))
const savedConf = process.env.SOFTHSM2_CONF

beforeAll(() => {
  mkdirSync(join(dir, 'tokens'))
  const conf = join(dir, 'softhsm2.conf')
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  )
  process.env.SOFTHSM2_CONF = conf
  const init = (label: string): void => {
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', label, '--pin', '1234', '--so-pin', '0000'],
      {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        stdio: 'ignore',
      },
    )
  }
  init('cms_par1')
  init('ha_group1')
})

afterAll(() => {
  if (savedConf === undefined) delete process.env.SOFTHSM2_CONF
  else process.env.SOFTHSM2_CONF = savedConf
  rmSync(dir, { recursive: true, force: true })
})

describe('PKCS#11 slots through pkcs11js (SoftHSM2)', () => {
  it('lists slot IDs, token labels and serials, and the module', async () => {
    const { module, slots } = await listSlots(SOFTHSM)
    expect(module.manufacturer).toMatch(/SoftHSM/)
    expect(module.cryptokiVersion).toMatch(/^2\.\d+$/)
    const labels = slots.filter((s) => s.token?.initialized).map((s) => s.token!.label)
    expect(labels.sort()).toEqual(['cms_par1', 'ha_group1'])
    const par = slots.find((s) => s.token?.label === 'cms_par1')!
    expect(Number.isSafeInteger(par.slotId)).toBe(true)
    expect(par.token!.serial).toMatch(/^[0-9a-f]{16}$/)
    // The same slot number softhsm2-util prints: the 8-byte little-endian handle was decoded right.
    const shown = execFileSync('softhsm2-util', ['--show-slots'], { encoding: 'utf8' })
    const block = shown.split(/\n(?=Slot \d+)/).find((b) => /Label:\s+cms_par1\s/.test(b))!
    expect(par.slotId).toBe(Number(/^Slot (\d+)/.exec(block)![1]))
    // The spare uninitialised slot is listed too, with an empty label.
    expect(slots.some((s) => s.token && !s.token.initialized)).toBe(true)
  })

  it('can be listed again and again, also at once: the library is finalized and unloaded each time', async () => {
    const a = (await listSlots(SOFTHSM)).slots.map((s) => s.slotId)
    const [b, c] = await Promise.all([listSlots(SOFTHSM), listSlots(SOFTHSM)])
    expect(b.slots.map((s) => s.slotId)).toEqual(a)
    expect(c.slots.map((s) => s.slotId)).toEqual(a)
  })

  it('finds the chosen slot by label or by ID, and names what it sees when the slot is missing', async () => {
    const { slots } = await listSlots(SOFTHSM)
    const ha = findSlot(slots, { by: 'token-name', tokenName: 'ha_group1' })
    expect((await checkSlotExists(SOFTHSM, { by: 'slot-id', slotId: ha.slotId })).token!.label).toBe(
      'ha_group1',
    )
    await expect(checkSlotExists(SOFTHSM, { by: 'token-name', tokenName: 'nope' })).rejects.toThrow(
      SlotNotFoundError,
    )
    await expect(checkSlotExists(SOFTHSM, { by: 'token-name', tokenName: 'nope' })).rejects.toThrow(
      /shows: .*"cms_par1"/,
    )
    expect(() => findSlot(slots, { by: 'slot-id', slotId: 987654 })).toThrow(/no slot 987654/)
  })

  it('refuses a library that is not there with an error that says what to install', async () => {
    await expect(listSlots(join(dir, 'missing.so'))).rejects.toThrow(CryptokiLoadError)
    await expect(listSlots(join(dir, 'missing.so'))).rejects.toThrow(/install the Luna HSM Client/)
  })

  it('gives up on a library that does not answer in time, and stays usable for the next listing', async () => {
    // A zero timeout stands in for a Luna library waiting on an unreachable appliance.
    await expect(listSlots(SOFTHSM, { timeoutMs: 0 })).rejects.toThrow(CryptokiTimeoutError)
    expect((await listSlots(SOFTHSM)).slots.length).toBeGreaterThan(0)
  })

  it('finds the library from Chrystoki.conf, the configured path wins, and a clear error when none exists', async () => {
    const conf = join(dir, 'Chrystoki.conf')
    writeFileSync(
      conf,
      `Chrystoki2 = {\n   LibUNIX = /nowhere/libCryptoki2.so;\n   LibUNIX64 = ${SOFTHSM};\n}\n`,
    )
    expect(await resolveCryptokiLibrary({ chrystokiPath: conf, platform: 'linux' })).toEqual({
      path: SOFTHSM,
      source: 'chrystoki',
    })
    expect(
      await resolveCryptokiLibrary({ configured: SOFTHSM, chrystokiPath: '/nowhere', platform: 'linux' }),
    ).toEqual({ path: SOFTHSM, source: 'configured' })
    await expect(resolveCryptokiLibrary({ clientFolder: dir, platform: 'linux' })).rejects.toBeInstanceOf(
      CryptokiNotFoundError,
    )
  })
})

describe('CMS files written only for a slot PKCS#11 shows', () => {
  const checkSlot = (choice: Parameters<typeof checkSlotExists>[1]): unknown =>
    checkSlotExists(SOFTHSM, choice)

  it('writes cmsslot.ini by token name and pkcs11.cfg by slot ID after checking both through pkcs11js', async () => {
    const folder = join(dir, 'cms')
    mkdirSync(folder)
    const ini = join(folder, 'cmsslot.ini')
    const cfg = join(folder, 'pkcs11.cfg')
    writeFileSync(ini, '[CMS]\r\n;TokenName=\r\n;SlotID=\r\n')
    writeFileSync(cfg, '# ActivID CMS\r\nname = Luna\r\n')
    const ha = findSlot((await listSlots(SOFTHSM)).slots, { by: 'token-name', tokenName: 'ha_group1' })

    await applyPreview(await previewCmsSlotIni(ini, { by: 'token-name', tokenName: 'ha_group1' }), {
      checkSlot,
    })
    await applyPreview(await previewPkcs11Cfg(cfg, ha.slotId), { checkSlot })
    expect(readFileSync(ini, 'utf8')).toBe('[CMS]\r\nTokenName=ha_group1\r\n;SlotID=\r\n')
    expect(readFileSync(cfg, 'utf8')).toBe(`# ActivID CMS\r\nname = Luna\r\nslot = ${ha.slotId}\r\n`)
  })

  it('refuses a slot PKCS#11 does not show and leaves the file and folder as they were', async () => {
    const folder = join(dir, 'cms-missing')
    mkdirSync(folder)
    const ini = join(folder, 'cmsslot.ini')
    writeFileSync(ini, '[CMS]\r\nTokenName=old\r\n')
    const preview = await previewCmsSlotIni(ini, { by: 'token-name', tokenName: 'no_such_partition' })
    await expect(applyPreview(preview, { checkSlot })).rejects.toBeInstanceOf(SlotNotFoundError)
    expect(readFileSync(ini, 'utf8')).toBe('[CMS]\r\nTokenName=old\r\n')
    expect(readdirSync(folder)).toEqual(['cmsslot.ini'])
  })
})
