/**
 * The two ActivID CMS files that choose the HSM slot, planned as byte-exact edits with a diff to approve.
 *
 * - cmsslot.ini: `TokenName` (the partition or HA group label) or `SlotID` (the PKCS#11 slot number).
 *   UNVERIFIED: HID does not publish this file's layout (reference/luna-lunash-vtl.md §7). Rackside edits the keys
 *   wherever the file already has them (also `;TokenName=` template lines), and otherwise adds them to the first
 *   section, or to a `[Slot]` section of its own design.
 * - pkcs11.cfg: `slot=<SlotID>` (HID: "add the following line: slot=xxxxxx"). The file is read as the SunPKCS11
 *   provider configuration form (`key = value`, `#` comments, `{ }` blocks); `slotListIndex`, which SunPKCS11 does
 *   not allow together with `slot`, is commented out.
 */
import type { FileEncoding } from './codec'
import { decodeConfigText, encodeConfigText } from './codec'
import { unifiedDiff } from './diff'
import type { ConfigDocument, Dialect } from './lines'
import { parseConfig, renderConfig } from './lines'
import {
  activeEntries,
  commentOutAt,
  commentedEntry,
  endOfSection,
  formatEntry,
  insertLinesAfter,
  setValueAt,
  uncommentAt,
  valueOf,
} from './edit'

export type SlotChoice = { by: 'token-name'; tokenName: string } | { by: 'slot-id'; slotId: number }

export type CmsFileKind = 'cmsslot.ini' | 'pkcs11.cfg'

export interface EditPlan {
  file: CmsFileKind
  encoding: FileEncoding
  bom: boolean
  before: Uint8Array
  after: Uint8Array
  /** False when the file already says what was asked: nothing to write. */
  changed: boolean
  /** Unified diff of the text (empty when unchanged). */
  diff: string
  /** One sentence per changed line, in file order. */
  changes: string[]
  /** Things the operator should know before approving (duplicates, a guessed section, an unverified layout). */
  warnings: string[]
}

export class InvalidSlotChoiceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidSlotChoiceError'
  }
}

/** The section Rackside uses when cmsslot.ini has none. UNVERIFIED: chosen by Rackside, not taken from HID. */
export const CMSSLOT_SECTION = 'Slot'
export const CMSSLOT_UNVERIFIED =
  'HID does not publish the layout of cmsslot.ini; Rackside writes TokenName or SlotID in the form shown here. ' +
  "Compare it with the copy in your CMS distribution's HSM folder."

/** Refuses values CMS could not read back exactly (control characters, edge spaces, labels over 32 bytes). */
export function validateSlotChoice(choice: SlotChoice): void {
  if (choice.by === 'slot-id') {
    if (!Number.isSafeInteger(choice.slotId) || choice.slotId < 0)
      throw new InvalidSlotChoiceError(`Slot ID ${String(choice.slotId)} is not a whole number of 0 or more.`)
    return
  }
  const name = choice.tokenName
  if (name.length === 0) throw new InvalidSlotChoiceError('The token name is empty. Pick a partition label.')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new InvalidSlotChoiceError(
      'The token name holds a control character. Pick the label exactly as listed.',
    )
  if (name !== name.trim())
    throw new InvalidSlotChoiceError(
      'The token name starts or ends with a space, which an INI reader drops. Pick the label exactly as listed.',
    )
  let bytes = 0
  for (const ch of name) bytes += ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : 3
  if (bytes > 32)
    throw new InvalidSlotChoiceError(
      `The token name is ${bytes} bytes long; a PKCS#11 token label holds at most 32. Pick the label exactly as listed.`,
    )
}

interface InsertPoint {
  after: number
  section: string
  /** Add this section header first. */
  header?: string
  warning?: string
}

interface Edit {
  doc: ConfigDocument
  changes: string[]
  warnings: string[]
}

function setKey(e: Edit, key: string, value: string, insertAt: (doc: ConfigDocument) => InsertPoint): Edit {
  let { doc } = e
  const changes = [...e.changes]
  const warnings = [...e.warnings]
  const active = activeEntries(doc, key)
  if (active.length > 0) {
    for (const i of active) {
      const old = valueOf(doc.lines[i]!)
      if (old === value) continue
      doc = setValueAt(doc, i, value)
      changes.push(`Line ${i + 1}: ${key} changes from "${old}" to "${value}".`)
    }
    if (active.length > 1)
      warnings.push(
        `${key} appears ${active.length} times (lines ${active.map((i) => i + 1).join(', ')}); every one is set to "${value}" so no reader can pick a stale one.`,
      )
    return { doc, changes, warnings }
  }
  const commented = commentedEntry(doc, key)
  if (commented >= 0) {
    doc = uncommentAt(doc, commented, key, value)
    changes.push(`Line ${commented + 1}: the commented-out ${key} is enabled and set to "${value}".`)
    return { doc, changes, warnings }
  }
  const where = insertAt(doc)
  const texts = where.header
    ? [`[${where.header}]`, formatEntry(doc, key, value)]
    : [formatEntry(doc, key, value)]
  doc = insertLinesAfter(doc, where.after, texts, where.section)
  if (where.warning) warnings.push(where.warning)
  changes.push(
    where.header
      ? `Lines ${where.after + 2}-${where.after + 3}: a [${where.header}] section with ${key}="${value}" is added.`
      : `Line ${where.after + 2}: ${key}="${value}" is added.`,
  )
  return { doc, changes, warnings }
}

function disableKey(e: Edit, key: string, why: string): Edit {
  let { doc } = e
  const changes = [...e.changes]
  for (const i of activeEntries(doc, key)) {
    doc = commentOutAt(doc, i)
    changes.push(`Line ${i + 1}: ${key} is commented out (${why}).`)
  }
  return { doc, changes, warnings: e.warnings }
}

function plan(file: CmsFileKind, dialect: Dialect, before: Uint8Array, edit: (e: Edit) => Edit): EditPlan {
  const decoded = decodeConfigText(before, file)
  const doc = parseConfig(decoded.text, dialect, file)
  const result = edit({ doc, changes: [], warnings: [] })
  const text = renderConfig(result.doc)
  const changed = text !== decoded.text
  const after = changed ? encodeConfigText({ ...decoded, text }) : before
  return {
    file,
    encoding: decoded.encoding,
    bom: decoded.bom,
    before,
    after,
    changed,
    diff: unifiedDiff(decoded.text, text, `a/${file}`, `b/${file}`),
    changes: result.changes,
    warnings: result.warnings,
  }
}

/** Plans setting cmsslot.ini to the chosen slot. Throws ConfigFileCorruptError (file untouched) on a broken file. */
export function planCmsSlotIni(before: Uint8Array, choice: SlotChoice): EditPlan {
  validateSlotChoice(choice)
  const [key, other, value] =
    choice.by === 'token-name'
      ? ['TokenName', 'SlotID', choice.tokenName]
      : ['SlotID', 'TokenName', String(choice.slotId)]
  return plan('cmsslot.ini', 'ini', before, (e) => {
    const insertAt = (doc: ConfigDocument): InsertPoint => {
      // Next to the other key if the file has it, else at the end of the first section, else a section of our own.
      const otherLine = activeEntries(doc, other).at(0) ?? commentedEntry(doc, other)
      if (otherLine >= 0) return { after: otherLine, section: doc.lines[otherLine]!.section }
      const header = doc.lines.findIndex((l) => l.kind === 'section')
      if (header >= 0) {
        const section = doc.lines[header]!.section
        return {
          after: endOfSection(doc, header),
          section,
          warning: `cmsslot.ini has no TokenName or SlotID yet; Rackside adds ${key} to its first section, [${section}].`,
        }
      }
      return {
        after: doc.lines.length - 1,
        section: CMSSLOT_SECTION,
        header: CMSSLOT_SECTION,
        warning: `cmsslot.ini has no section; Rackside adds a [${CMSSLOT_SECTION}] section of its own design.`,
      }
    }
    const set = setKey(e, key, value, insertAt)
    const result = disableKey(set, other, `CMS takes either TokenName or SlotID, and ${key} is now set`)
    return { ...result, warnings: [...result.warnings, CMSSLOT_UNVERIFIED] }
  })
}

/** Plans `slot=<id>` in pkcs11.cfg. Throws ConfigFileCorruptError (file untouched) on a broken file. */
export function planPkcs11Cfg(before: Uint8Array, slotId: number): EditPlan {
  validateSlotChoice({ by: 'slot-id', slotId })
  return plan('pkcs11.cfg', 'cfg', before, (e) => {
    const insertAt = (doc: ConfigDocument): InsertPoint => {
      let last = -1
      doc.lines.forEach((l, i) => {
        if (l.kind === 'entry' || l.kind === 'block') last = i
      })
      return { after: last >= 0 ? last : doc.lines.length - 1, section: '' }
    }
    const set = setKey(e, 'slot', String(slotId), insertAt)
    return disableKey(set, 'slotListIndex', 'SunPKCS11 refuses slot and slotListIndex together')
  })
}

/** A new cmsslot.ini in Rackside's own (unverified) layout, for when no distribution copy is at hand. */
export function cmsSlotIniTemplate(choice: SlotChoice): Uint8Array {
  validateSlotChoice(choice)
  const entry = choice.by === 'token-name' ? `TokenName=${choice.tokenName}` : `SlotID=${choice.slotId}`
  const text = [
    '; cmsslot.ini: the HSM slot ActivID CMS opens.',
    '; Set either TokenName (the partition or HA group label) or SlotID (the PKCS#11 slot number), not both.',
    "; Written by Rackside. HID does not publish this file's layout; compare it with your CMS distribution's copy.",
    `[${CMSSLOT_SECTION}]`,
    entry,
    '',
  ].join('\r\n')
  return encodeConfigText({ encoding: 'utf-8', bom: false, text })
}
