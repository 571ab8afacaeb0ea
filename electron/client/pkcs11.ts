/**
 * The PKCS#11 slots a cryptoki library shows (the Luna client's libCryptoki2_64.so / cryptoki.dll, or SoftHSM2 in
 * tests), so the operator picks the slot CMS will use: slot IDs, token labels and serials, physical partitions
 * and HA virtual slots alike. The library is always finalized and unloaded again, also after an error.
 *
 * Note: the calls are synchronous. A Luna library whose appliance does not answer can block for its receive
 * timeout (ReceiveTimeout in Chrystoki.conf, 20 s by default); the host should call this off the UI path.
 */
import { access, readFile } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import pkcs11js from 'pkcs11js'
import type { SlotChoice } from '../../shared/cmsconfig/cms'
import { cryptokiLibraryFromChrystoki, parseChrystoki } from '../../shared/cmsconfig/chrystoki'

const CKF_TOKEN_PRESENT = 0x1
const CKF_HW_SLOT = 0x4
const CKF_TOKEN_INITIALIZED = 0x400
const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191

export interface TokenSummary {
  label: string
  serial: string
  model: string
  manufacturer: string
  initialized: boolean
}

export interface SlotSummary {
  /** CK_SLOT_ID as a number (C_GetSlotList hands out 8-byte little-endian buffers). */
  slotId: number
  description: string
  manufacturer: string
  hardware: boolean
  tokenPresent: boolean
  token?: TokenSummary
}

export interface CryptokiModuleSummary {
  library: string
  description: string
  manufacturer: string
  cryptokiVersion: string
  libraryVersion: string
}

/** The library could not be loaded or initialized. */
export class CryptokiLoadError extends Error {
  readonly code = 'cryptoki-load-failed'
  constructor(library: string, reason: string) {
    super(
      `The PKCS#11 library ${library} could not be loaded: ${reason}. ` +
        'Check the library path (LibUNIX64 in the Chrystoki2 section of Chrystoki.conf, LibNT in crystoki.ini on Windows) ' +
        'or install the Luna HSM Client.',
    )
    this.name = 'CryptokiLoadError'
  }
}

/** A PKCS#11 call failed after the library loaded. */
export class CryptokiCallError extends Error {
  readonly code = 'cryptoki-call-failed'
  constructor(library: string, method: string, reason: string) {
    super(`${method} in ${library} failed: ${reason}.`)
    this.name = 'CryptokiCallError'
  }
}

/** The slot chosen for CMS is not among the slots the library shows now. */
export class SlotNotFoundError extends Error {
  readonly code = 'slot-not-found'
  constructor(choice: SlotChoice, slots: SlotSummary[]) {
    const wanted =
      choice.by === 'slot-id' ? `slot ${choice.slotId}` : `a token labelled "${choice.tokenName}"`
    const seen = slots
      .filter((s) => s.token)
      .map((s) => `${s.slotId} "${s.token!.label}"`)
      .join(', ')
    super(
      `The Luna client shows no ${wanted}${seen ? ` (it shows: ${seen})` : ' (it shows no tokens at all)'}. ` +
        'Run vtl verify, check that the partition is assigned to this client, then pick a slot from the list again.',
    )
    this.name = 'SlotNotFoundError'
  }
}

const trimPadded = (s: string): string => s.replace(/[\s\0]+$/, '')
const version = (v: { major: number; minor: number }): string => `${v.major}.${v.minor}`

function slotIdOf(handle: Buffer): number {
  const id = handle.length >= 8 ? handle.readBigUInt64LE(0) : BigInt(handle.readUInt32LE(0))
  if (id > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`slot ID ${id} is too large`)
  return Number(id)
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+$/, '') : String(error)
}

/** Loads the library, lists every slot (with and without a token), and always finalizes and unloads it. */
export function listSlots(library: string): { module: CryptokiModuleSummary; slots: SlotSummary[] } {
  const p11 = new pkcs11js.PKCS11()
  try {
    p11.load(library)
  } catch (error) {
    throw new CryptokiLoadError(library, reason(error))
  }
  let finalize = true
  try {
    try {
      p11.C_Initialize()
    } catch (error) {
      if ((error as { code?: number }).code === CKR_CRYPTOKI_ALREADY_INITIALIZED) finalize = false
      else throw new CryptokiLoadError(library, `C_Initialize: ${reason(error)}`)
    }
    const call = <T>(method: string, run: () => T): T => {
      try {
        return run()
      } catch (error) {
        throw new CryptokiCallError(library, method, reason(error))
      }
    }
    const info = call('C_GetInfo', () => p11.C_GetInfo())
    const module: CryptokiModuleSummary = {
      library,
      description: trimPadded(info.libraryDescription),
      manufacturer: trimPadded(info.manufacturerID),
      cryptokiVersion: version(info.cryptokiVersion),
      libraryVersion: version(info.libraryVersion),
    }
    const slots = call('C_GetSlotList', () => p11.C_GetSlotList(false)).map((handle): SlotSummary => {
      const s = call('C_GetSlotInfo', () => p11.C_GetSlotInfo(handle))
      const summary: SlotSummary = {
        slotId: slotIdOf(handle),
        description: trimPadded(s.slotDescription),
        manufacturer: trimPadded(s.manufacturerID),
        hardware: (s.flags & CKF_HW_SLOT) !== 0,
        tokenPresent: (s.flags & CKF_TOKEN_PRESENT) !== 0,
      }
      if (summary.tokenPresent) {
        const t = call('C_GetTokenInfo', () => p11.C_GetTokenInfo(handle))
        summary.token = {
          label: trimPadded(t.label),
          serial: trimPadded(t.serialNumber),
          model: trimPadded(t.model),
          manufacturer: trimPadded(t.manufacturerID),
          initialized: (t.flags & CKF_TOKEN_INITIALIZED) !== 0,
        }
      }
      return summary
    })
    return { module, slots }
  } finally {
    if (finalize) {
      try {
        p11.C_Finalize()
      } catch {
        // Already finalized or never initialized: nothing left to release.
      }
    }
    try {
      p11.close()
    } catch {
      // The library is unloaded on process exit at the latest.
    }
  }
}

/** The slot CMS would open for this choice, or SlotNotFoundError naming what the library does show. */
export function findSlot(slots: SlotSummary[], choice: SlotChoice): SlotSummary {
  const found =
    choice.by === 'slot-id'
      ? slots.find((s) => s.slotId === choice.slotId && s.token)
      : slots.find((s) => s.token?.label === choice.tokenName)
  if (!found) throw new SlotNotFoundError(choice, slots)
  return found
}

/** Lists the slots and checks the choice against them (what cmsfiles runs before it writes). */
export function checkSlotExists(library: string, choice: SlotChoice): SlotSummary {
  return findSlot(listSlots(library).slots, choice)
}

export interface LibrarySearch {
  /** The operator's own choice wins. */
  configured?: string
  /** Chrystoki.conf / crystoki.ini to read `Chrystoki2 { LibUNIX64 }` (or LibNT) from. */
  chrystokiPath?: string
  /** The Luna client install folder, for the library's usual place in it. */
  clientFolder?: string
  platform?: string
}

export class CryptokiNotFoundError extends Error {
  readonly code = 'cryptoki-not-found'
  constructor(tried: string[]) {
    super(
      `No Luna cryptoki library was found (looked at: ${tried.join(', ') || 'nothing configured'}). ` +
        'Install the Luna HSM Client, or set the library path in Rackside.',
    )
    this.name = 'CryptokiNotFoundError'
  }
}

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  )

/** Where the cryptoki library is: configured, else named by Chrystoki.conf, else in the install folder. */
export async function resolveCryptokiLibrary(search: LibrarySearch): Promise<{
  path: string
  source: 'configured' | 'chrystoki' | 'install-folder'
}> {
  const platform = search.platform ?? process.platform
  const tried: string[] = []
  if (search.configured) {
    if (await exists(search.configured)) return { path: search.configured, source: 'configured' }
    tried.push(search.configured)
  }
  if (search.chrystokiPath && (await exists(search.chrystokiPath))) {
    const lib = cryptokiLibraryFromChrystoki(
      parseChrystoki(await readFile(search.chrystokiPath, 'utf8')),
      platform,
    )
    if (lib) {
      if (await exists(lib)) return { path: lib, source: 'chrystoki' }
      tried.push(`${lib} (from ${search.chrystokiPath})`)
    }
  }
  if (search.clientFolder) {
    const candidates =
      platform === 'win32'
        ? [win32.join(search.clientFolder, 'cryptoki.dll')]
        : [
            posix.join(search.clientFolder, 'libs/64/libCryptoki2_64.so'),
            posix.join(search.clientFolder, 'lib/libCryptoki2_64.so'),
          ]
    for (const c of candidates) {
      if (await exists(c)) return { path: c, source: 'install-folder' }
      tried.push(c)
    }
  }
  throw new CryptokiNotFoundError(tried)
}
