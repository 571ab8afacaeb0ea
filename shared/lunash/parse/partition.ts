import { contentLines, keyValue, taker } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface PartitionRow {
  serial: string
  name: string
  /** 7.x only. */
  version?: string
  objects: number
  totalBytes: number
  usedBytes: number
  freeBytes: number
}

/** A name is one or more words with single spaces: a tab or a run of spaces inside it means two cells ran together. */
const NAME = String.raw`(\S+(?: \S+)*)`
const ROW_5X = new RegExp(String.raw`^\s*(\d+)\s+${NAME}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$`)
const ROW_7X = new RegExp(String.raw`^\s*(\d+)\s+${NAME}\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$`)
const HEADING_7X = /^\s*Partition\s+Name\s+Version\s+Objects\s+Total\s+Used\s+Free\s*$/
const HEADING_5X = /^\s*Partition\s+Name\s+Objects\s+Total\s+Used\s+Free\s*$/
/** `Storage (bytes)` and its rule, on one line or two; 7.x puts `Partition` over the Version column. */
const STORAGE_HEADING = /^\s*(?:Storage \(bytes\)|(?:Partition\s+)?-{4,})(?:\s+-{4,})?\s*$/
const RULE = /^\s*[-=\s]+$/
const NO_PARTITIONS = /^\s*There are no partitions\.\s*$/

export interface PartitionList {
  rows: PartitionRow[]
  /** Lines outside the table (an SSH password prompt, console noise); only when there were some. */
  unrecognised?: string[]
}

/**
 * `partition list`: the 5.x/6.x columns, the 7.x columns with Version (13-digit serials), and `There are no
 * partitions.` A line in the table that does not read as a row is refused, never skipped: a skipped row would
 * report a partition as absent.
 */
export function parsePartitionListTable(text: string): Result<PartitionList, ParseError> {
  let columns: '5x' | '7x' | undefined
  let none = false
  const rows: PartitionRow[] = []
  const unrecognised: string[] = []
  for (const line of contentLines(text)) {
    if (NO_PARTITIONS.test(line)) {
      none = true
      continue
    }
    if (STORAGE_HEADING.test(line.replace(/\t/g, ' '))) continue
    if (HEADING_7X.test(line)) columns = '7x'
    else if (HEADING_5X.test(line)) columns = '5x'
    else if (RULE.test(line)) continue
    else if (columns === undefined) {
      if (/^\s*\d/.test(line))
        return parseError('partition list: a row comes before the column headings.', line)
      unrecognised.push(line.trim())
    } else {
      const m = (columns === '7x' ? ROW_7X : ROW_5X).exec(line)
      if (!m) {
        if (/^\s*\d/.test(line) || /\t/.test(line.trim()))
          return parseError('partition list: a row is not understood.', line)
        unrecognised.push(line.trim())
        continue
      }
      const n = m.slice(1)
      const [serial = '', name = ''] = n
      const numbers = n.slice(columns === '7x' ? 3 : 2).map(Number)
      const row: PartitionRow = {
        serial,
        name,
        objects: numbers[0] ?? 0,
        totalBytes: numbers[1] ?? 0,
        usedBytes: numbers[2] ?? 0,
        freeBytes: numbers[3] ?? 0,
      }
      if (columns === '7x') row.version = n[2] ?? ''
      rows.push(row)
    }
  }
  if (none && (rows.length > 0 || columns !== undefined))
    return parseError('partition list: lists partitions and says there are none.')
  if (!none && columns === undefined)
    return parseError('partition list: no column headings and no "There are no partitions."')
  const serials = rows.map((r) => r.serial)
  if (new Set(serials).size !== serials.length)
    return parseError('partition list: a partition serial is listed twice.')
  return ok(unrecognised.length > 0 ? { rows, unrecognised } : { rows })
}

/** `partition list` as rows (see parsePartitionListTable for what is read and what is refused). */
export function parsePartitionList(text: string): Result<PartitionRow[], ParseError> {
  const table = parsePartitionListTable(text)
  return table.ok ? ok(table.value.rows) : table
}

export interface PartitionShow {
  name: string
  serial: string
  label?: string
  ownerLockedOut?: boolean
  ownerPinToBeChanged?: boolean
  /** 0 when the appliance says `None - Owner is Locked Out`. */
  loginAttemptsLeft?: number
  storage?: { totalBytes: number; usedBytes: number; freeBytes: number }
  objectCount?: number
  /** Other `Key: value` lines, as printed. */
  other: Record<string, string>
  /** Lines that are not `Key: value` (console noise); only when there were some. */
  unrecognised?: string[]
}

/** `partition show -partition <name>` (6.2; and the 6.20.2 form that puts the SN first and has no label). */
export function parsePartitionShow(text: string): Result<PartitionShow, ParseError> {
  const kv: Record<string, string> = {}
  const unrecognised: string[] = []
  for (const line of contentLines(text)) {
    const pair = keyValue(line)
    if (!pair) unrecognised.push(line.trim())
    else if (pair[0] in kv) return parseError(`partition show: "${pair[0]}" is printed twice.`, line)
    else kv[pair[0]] = pair[1]
  }
  const take = taker(kv)
  const name = take('Partition Name')
  const serial = take('Partition SN')
  if (name === undefined || serial === undefined)
    return parseError('partition show: the Partition Name and Partition SN lines are missing.')
  if (!/^\d+$/.test(serial))
    return parseError('partition show: the partition serial is not a number.', serial)
  const facts: PartitionShow = { name, serial, other: {} }
  const label = take('Partition Label')
  if (label !== undefined) facts.label = label
  /** yes/no lines: undefined when absent, an error when the value is neither. */
  const yesNo = (key: string): Result<boolean | undefined, ParseError> => {
    const v = take(key)
    if (v === undefined) return ok(undefined)
    if (!/^(yes|no)$/i.test(v)) return parseError(`partition show: the "${key}" line is not understood.`, v)
    return ok(/^yes$/i.test(v))
  }
  const locked = yesNo('Partition Owner Locked Out')
  if (!locked.ok) return locked
  if (locked.value !== undefined) facts.ownerLockedOut = locked.value
  const change = yesNo('Partition Owner PIN To Be Changed')
  if (!change.ok) return change
  if (change.value !== undefined) facts.ownerPinToBeChanged = change.value
  const attempts = take('Partition Owner Login Attempts Left')
  if (attempts !== undefined) {
    const m = /^(\d+)\b/.exec(attempts)
    if (m) facts.loginAttemptsLeft = Number(m[1])
    else if (/^None\b.*Locked Out/i.test(attempts)) facts.loginAttemptsLeft = 0
    else return parseError('partition show: the login attempts line is not understood.', attempts)
  }
  if (facts.ownerLockedOut === false && facts.loginAttemptsLeft === 0)
    return parseError('partition show: the owner is not locked out yet has no login attempts left.')
  const storage = take('Partition Storage Information (Bytes)')
  if (storage !== undefined) {
    const m = /^Total=(\d+),\s*Used=(\d+),\s*Free=(\d+)$/.exec(storage)
    if (!m) return parseError('partition show: the storage line is not understood.', storage)
    facts.storage = { totalBytes: Number(m[1]), usedBytes: Number(m[2]), freeBytes: Number(m[3]) }
  }
  const count = take('Partition Object Count')
  if (count !== undefined) {
    if (!/^\d+$/.test(count)) return parseError('partition show: the object count is not a number.', count)
    facts.objectCount = Number(count)
  }
  facts.other = kv
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

export interface PartitionPolicy {
  description: string
  value: string
  code: number
}

/**
 * `partition showPolicies`. UNVERIFIED for lunash: the reference has no partition policy transcript; this reads
 * a `Description  Value  Code` table like hsm showPolicies, as the simulator prints it.
 */
export function parsePartitionShowPolicies(
  text: string,
): Result<{ verified: false; policies: PartitionPolicy[] }, ParseError> {
  const policies: PartitionPolicy[] = []
  for (const line of contentLines(text)) {
    if (/^\s*Description\s+Value\s+Code/.test(line) || /^\s*[=\s]+$/.test(line)) continue
    if (/^\s*(Partition|The following|Changing policies|HSM Label|Serial #|Firmware)/i.test(line)) continue
    const m = /^\s*(.+?)\s+(\S+)\s+(\d+)(?:\s+(?:Yes|No))?\s*$/.exec(line)
    if (!m) return parseError('partition showPolicies: a row is not understood.', line)
    policies.push({ description: m[1] ?? '', value: m[2] ?? '', code: Number(m[3]) })
  }
  if (policies.length === 0) return parseError('partition showPolicies: no policies were listed.')
  return ok({ verified: false, policies })
}
