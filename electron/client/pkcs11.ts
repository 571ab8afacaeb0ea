/**
 * The PKCS#11 slots a cryptoki library shows (the Luna client's libCryptoki2_64.so / cryptoki.dll, or SoftHSM2 in
 * tests), so the operator picks the slot CMS will use: slot IDs, token labels and serials, physical partitions
 * and HA virtual slots alike. The library is always finalized and unloaded again, also after an error.
 *
 * The calls run in a worker thread: a Luna library whose appliance does not answer can block for its receive
 * timeout (ReceiveTimeout in Chrystoki.conf, 20 s per server by default), and the app must stay responsive.
 * A library that crashes (a native fault) still takes the process down; a utility process would contain that.
 */
import { access, readFile } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { SlotChoice } from '../../shared/cmsconfig/cms'
import { cryptokiLibraryFromChrystoki, parseChrystoki } from '../../shared/cmsconfig/chrystoki'

const CKF_TOKEN_PRESENT = 0x1
const CKF_HW_SLOT = 0x4
const CKF_TOKEN_INITIALIZED = 0x400

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

/** The library did not answer in time (a Luna client waiting for an unreachable appliance, for example). */
export class CryptokiTimeoutError extends Error {
  readonly code = 'cryptoki-timeout'
  constructor(library: string, seconds: number) {
    super(
      `The PKCS#11 library ${library} did not answer within ${seconds} s. A Luna client waits for every appliance in ` +
        'Chrystoki.conf: check that they are reachable (vtl verify), then list the slots again.',
    )
    this.name = 'CryptokiTimeoutError'
  }
}

interface RawVersion {
  major: number
  minor: number
}
interface RawListing {
  info: {
    libraryDescription: string
    manufacturerID: string
    cryptokiVersion: RawVersion
    libraryVersion: RawVersion
  }
  slots: {
    handle: string
    slot: { slotDescription: string; manufacturerID: string; flags: number }
    token?: { label: string; serialNumber: string; model: string; manufacturerID: string; flags: number }
  }[]
}
type WorkerReply =
  | { ok: true; listing: RawListing }
  | { ok: false; stage: 'load' | 'init' | 'call'; method?: string; message: string }

/**
 * Runs in a worker thread, so a library that blocks (C_Initialize of a Luna client whose appliance does not answer)
 * never freezes the app. Plain CommonJS text: it must not depend on how this module was compiled or bundled.
 * Always finalizes and unloads the library, also after an error.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { PKCS11 } = require(workerData.pkcs11js)
const ALREADY_INITIALIZED = 0x191
const message = (e) => String((e && e.message) || e).replace(/\\s+$/, '')
let reply
const p11 = new PKCS11()
let loaded = false
let finalize = false
try {
  p11.load(workerData.library)
  loaded = true
  try {
    p11.C_Initialize()
    finalize = true
  } catch (e) {
    if (!e || e.code !== ALREADY_INITIALIZED) throw Object.assign(e instanceof Error ? e : new Error(String(e)), { stage: 'init' })
  }
  let method = 'C_GetInfo'
  try {
    const info = p11.C_GetInfo()
    method = 'C_GetSlotList'
    const slots = p11.C_GetSlotList(false).map((handle) => {
      method = 'C_GetSlotInfo'
      const slot = p11.C_GetSlotInfo(handle)
      let token
      if (slot.flags & 1) {
        method = 'C_GetTokenInfo'
        token = p11.C_GetTokenInfo(handle)
      }
      return { handle: Buffer.from(handle).toString('hex'), slot, token }
    })
    reply = { ok: true, listing: { info, slots } }
  } catch (e) {
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { stage: 'call', method })
  }
} catch (e) {
  reply = { ok: false, stage: loaded ? e.stage || 'call' : 'load', method: e.method, message: message(e) }
} finally {
  if (finalize) { try { p11.C_Finalize() } catch {} }
  if (loaded) { try { p11.close() } catch {} }
}
parentPort.postMessage(reply)
`

function slotIdOf(handleHex: string): number {
  const handle = Buffer.from(handleHex, 'hex')
  const id = handle.length >= 8 ? handle.readBigUInt64LE(0) : BigInt(handle.readUInt32LE(0))
  if (id > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`slot ID ${id} is too large`)
  return Number(id)
}

function summarize(
  library: string,
  raw: RawListing,
): { module: CryptokiModuleSummary; slots: SlotSummary[] } {
  const module: CryptokiModuleSummary = {
    library,
    description: trimPadded(raw.info.libraryDescription),
    manufacturer: trimPadded(raw.info.manufacturerID),
    cryptokiVersion: version(raw.info.cryptokiVersion),
    libraryVersion: version(raw.info.libraryVersion),
  }
  const slots = raw.slots.map(
    ({ handle, slot, token }): SlotSummary => ({
      // C_GetSlotList hands out CK_SLOT_IDs as 8-byte little-endian buffers.
      slotId: slotIdOf(handle),
      description: trimPadded(slot.slotDescription),
      manufacturer: trimPadded(slot.manufacturerID),
      hardware: (slot.flags & CKF_HW_SLOT) !== 0,
      tokenPresent: (slot.flags & CKF_TOKEN_PRESENT) !== 0,
      ...(token
        ? {
            token: {
              label: trimPadded(token.label),
              serial: trimPadded(token.serialNumber),
              model: trimPadded(token.model),
              manufacturer: trimPadded(token.manufacturerID),
              initialized: (token.flags & CKF_TOKEN_INITIALIZED) !== 0,
            },
          }
        : {}),
    }),
  )
  return { module, slots }
}

// Resolved once here, handed to the worker as an absolute path (works from source, from an ESM or a CJS bundle).
const pkcs11jsPath = createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve(
  'pkcs11js',
)
// A PKCS#11 library is process-wide: one listing at a time, so two never race C_Initialize / C_Finalize.
let queue: Promise<unknown> = Promise.resolve()

/**
 * Loads the library in a worker thread, lists every slot (with and without a token), and finalizes and unloads
 * it again. Throws CryptokiLoadError, CryptokiCallError or CryptokiTimeoutError.
 */
export function listSlots(
  library: string,
  options: { timeoutMs?: number } = {},
): Promise<{ module: CryptokiModuleSummary; slots: SlotSummary[] }> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const run = (): Promise<{ module: CryptokiModuleSummary; slots: SlotSummary[] }> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { pkcs11js: pkcs11jsPath, library },
      })
      const timer = setTimeout(() => {
        void worker.terminate()
        reject(new CryptokiTimeoutError(library, Math.round(timeoutMs / 1000)))
      }, timeoutMs)
      worker.once('message', (reply: WorkerReply) => {
        clearTimeout(timer)
        if (reply.ok) return resolve(summarize(library, reply.listing))
        if (reply.stage === 'load') return reject(new CryptokiLoadError(library, reply.message))
        if (reply.stage === 'init')
          return reject(new CryptokiLoadError(library, `C_Initialize: ${reply.message}`))
        reject(new CryptokiCallError(library, reply.method ?? 'PKCS#11', reply.message))
      })
      worker.once('error', (error) => {
        clearTimeout(timer)
        reject(new CryptokiLoadError(library, error.message))
      })
    })
  const result = queue.then(run, run)
  queue = result.catch(() => undefined)
  return result
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
export async function checkSlotExists(library: string, choice: SlotChoice): Promise<SlotSummary> {
  return findSlot((await listSlots(library)).slots, choice)
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
