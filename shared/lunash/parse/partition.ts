import { contentLines, keyValue } from './common'
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

const ROW_5X = /^\s*(\d+)\s+(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/
const ROW_7X = /^\s*(\d+)\s+(.+?)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/

/** `partition list`: the 5.x/6.x columns, the 7.x columns with Version, and `There are no partitions.` */
export function parsePartitionList(text: string): Result<PartitionRow[], ParseError> {
  const body = contentLines(text)
  if (body.length === 1 && /^\s*There are no partitions\.\s*$/.test(body[0] ?? '')) return ok([])
  let columns: '5x' | '7x' | undefined
  const rows: PartitionRow[] = []
  for (const line of body) {
    if (/^\s*Storage \(bytes\)\s*$/.test(line) || /^\s*[-=\s]+$/.test(line)) continue
    if (/^\s*Partition\s+Name\s+Version\s+Objects\s+Total\s+Used\s+Free\s*$/.test(line)) columns = '7x'
    else if (/^\s*Partition\s+Name\s+Objects\s+Total\s+Used\s+Free\s*$/.test(line)) columns = '5x'
    else if (columns === undefined)
      return parseError('partition list: a line comes before the column headings.', line)
    else {
      const m = (columns === '7x' ? ROW_7X : ROW_5X).exec(line)
      if (!m) return parseError('partition list: a row is not understood.', line)
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
  if (columns === undefined)
    return parseError('partition list: no column headings and no "There are no partitions."')
  return ok(rows)
}

export interface PartitionShow {
  name: string
  serial: string
  label?: string
  ownerLockedOut?: boolean
  ownerPinToBeChanged?: boolean
  loginAttemptsLeft?: number
  storage?: { totalBytes: number; usedBytes: number; freeBytes: number }
  objectCount?: number
  /** Other `Key: value` lines, as printed. */
  other: Record<string, string>
}

/** `partition show -partition <name>` (6.2). */
export function parsePartitionShow(text: string): Result<PartitionShow, ParseError> {
  const kv: Record<string, string> = {}
  for (const line of contentLines(text)) {
    const pair = keyValue(line)
    if (!pair) return parseError('partition show: a line is not understood.', line)
    kv[pair[0]] = pair[1]
  }
  const take = (key: string): string | undefined => {
    const v = kv[key]
    delete kv[key]
    return v
  }
  const name = take('Partition Name')
  const serial = take('Partition SN')
  if (name === undefined || serial === undefined)
    return parseError('partition show: the Partition Name and Partition SN lines are missing.')
  const facts: PartitionShow = { name, serial, other: {} }
  const label = take('Partition Label')
  if (label !== undefined) facts.label = label
  const yesNo = (v: string | undefined): boolean | undefined =>
    v === undefined ? undefined : /^yes$/i.test(v)
  const locked = yesNo(take('Partition Owner Locked Out'))
  if (locked !== undefined) facts.ownerLockedOut = locked
  const change = yesNo(take('Partition Owner PIN To Be Changed'))
  if (change !== undefined) facts.ownerPinToBeChanged = change
  const attempts = take('Partition Owner Login Attempts Left')
  if (attempts !== undefined) {
    const m = /^(\d+)/.exec(attempts)
    if (!m) return parseError('partition show: the login attempts line is not understood.', attempts)
    facts.loginAttemptsLeft = Number(m[1])
  }
  const storage = take('Partition Storage Information (Bytes)')
  if (storage !== undefined) {
    const m = /^Total=(\d+), Used=(\d+), Free=(\d+)$/.exec(storage)
    if (!m) return parseError('partition show: the storage line is not understood.', storage)
    facts.storage = { totalBytes: Number(m[1]), usedBytes: Number(m[2]), freeBytes: Number(m[3]) }
  }
  const count = take('Partition Object Count')
  if (count !== undefined) facts.objectCount = Number(count)
  facts.other = kv
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
