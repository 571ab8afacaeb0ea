/**
 * Parsers for `vtl` (Luna client ≤ 6.x, still shipped with 7.x/10.x clients). vtl prints no Command Result
 * line; a 10.x client prints a banner first, which the parsers skip, as they skip the shell line that ran it
 * (`root@host# vtl verify`, `C:\\...>vtl ...`, `+ vtl verify` under `set -x`) and lines they do not read.
 */
import { lines } from '../lunash/text'
import { plainTypography } from '../lunash/parse/common'
import { ok, parseError, type ParseError, type Result } from '../lunash/result'

const BANNER = /^\s*vtl \(\d+-bit\) v\S+\. Copyright/
const SHELL_LINE = /^(?:\S+@\S+[#$]|[A-Za-z]:\\.*>|\+)\s*vtl\b/i

function body(text: string): string[] {
  return lines(text)
    .map(plainTypography)
    .filter((l) => l.trim() !== '' && !BANNER.test(l) && !SHELL_LINE.test(l))
}

export interface VtlSlot {
  slot: number
  serial: string
  label: string
}

/**
 * `vtl verify`: the slot table (TAB-separated in 6.x/10.x, spaces in 5.x and 10.7 docs; 13-digit serials on 7.x
 * partitions), or the documented errors. Rows are read only under the table heading; a row that begins with a
 * slot number but does not parse is refused.
 */
export function parseVtlVerify(text: string): Result<VtlSlot[], ParseError> {
  const all = body(text)
  const error = all.find((l) => /^\s*Error:/.test(l))
  if (error) return parseError('vtl verify failed: ' + error.trim().replace(/^Error:\s*/, ''), error.trim())
  let table = false
  const slots: VtlSlot[] = []
  for (const line of all) {
    if (/^\s*Slot\s+Serial #\s+Label\s*$/.test(line)) {
      table = true
      continue
    }
    if (!table || !/^\s*\d+\s/.test(line)) continue
    const m = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line)
    if (!m) return parseError('vtl verify: a slot row is not understood.', line)
    slots.push({ slot: Number(m[1]), serial: m[2] ?? '', label: m[3] ?? '' })
  }
  if (!table) return parseError('vtl verify: no "Slot  Serial #  Label" table was found.', all[0])
  return ok(slots)
}

/**
 * `vtl listServers`: `Server: 10.121.229.201  HTL required: no`; `There are no servers registered.` (unverified
 * wording) or no output at all is an empty list. A `Server:` line that does not parse is refused; output with
 * neither a server nor the empty-list sentence is not understood.
 */
export function parseVtlListServers(
  text: string,
): Result<{ server: string; htlRequired: boolean }[], ParseError> {
  const out: { server: string; htlRequired: boolean }[] = []
  const all = body(text)
  const error = all.find((l) => /^\s*Error:/.test(l))
  if (error)
    return parseError('vtl listServers failed: ' + error.trim().replace(/^Error:\s*/, ''), error.trim())
  let none = all.length === 0
  for (const line of all) {
    if (/^\s*There are no (?:registered )?servers(?: registered)?\.?\s*$/i.test(line)) {
      none = true
      continue
    }
    if (!/^\s*Server\s*:/i.test(line)) continue
    const m = /^\s*Server:\s*(\S+)\s+HTL required:\s*(yes|no)\s*$/i.exec(line)
    if (!m) return parseError('vtl listServers: a server line is not understood.', line)
    out.push({ server: m[1] ?? '', htlRequired: /yes/i.test(m[2] ?? '') })
  }
  if (out.length === 0 && !none)
    return parseError(
      'vtl listServers: neither "Server:" lines nor "There are no servers registered." were printed.',
      all[0],
    )
  return ok(out)
}

/** `vtl createCert -n <name>`: where the key and certificate were written. */
export function parseVtlCreateCert(text: string): Result<{ keyPath: string; certPath: string }, ParseError> {
  let keyPath: string | undefined
  let certPath: string | undefined
  for (const line of body(text)) {
    const k = /^\s*Private Key created and written to:\s*(.+?)\s*$/.exec(line)
    if (k) keyPath = k[1]
    const c = /^\s*Certificate created and written to:\s*(.+?)\s*$/.exec(line)
    if (c) certPath = c[1]
  }
  if (keyPath === undefined || certPath === undefined)
    return parseError('vtl createCert: the key and certificate paths were not both printed.', body(text)[0])
  return ok({ keyPath, certPath })
}

/** `vtl addServer -n <server> -c server.pem`: `New server <s> successfully added to server list.` */
export function parseVtlAddServer(text: string): Result<{ server: string }, ParseError> {
  const all = body(text)
  for (const line of all) {
    const m = /^\s*New server (\S+) successfully added to server list\.?\s*$/.exec(line)
    if (m) return ok({ server: m[1] ?? '' })
  }
  const already = all.find((l) => /This server is already registered/i.test(l))
  if (already) return parseError('vtl addServer: this server is already registered.', already.trim())
  return parseError('vtl addServer: no "successfully added to server list" line was found.', all[0])
}

export interface VtlListSlot {
  slot: number
  description: string
  label?: string
  serial?: string
  present: boolean
}

/** `vtl listSlots` (whitespace may be collapsed, as in the published transcript). */
export function parseVtlListSlots(text: string): Result<{ count: number; slots: VtlListSlot[] }, ParseError> {
  let count: number | undefined
  const slots: VtlListSlot[] = []
  for (const line of body(text)) {
    const c = /^\s*Number of slots:\s*(\d+)\s*$/.exec(line)
    if (c) {
      count = Number(c[1])
      continue
    }
    if (/^\s*The following slots were found:\s*$/.test(line) || /^\s*Slot #\s+Description/.test(line))
      continue
    if (!/^\s*slot #/i.test(line)) continue
    const absent = /^\s*slot #(\d+)\s+-\s+-\s+-\s+Not present\s*$/.exec(line)
    if (absent) {
      slots.push({ slot: Number(absent[1]), description: '-', present: false })
      continue
    }
    const m = /^\s*slot #(\d+)\s+(.+?Slot)\s+(\S+)\s+(\d+)\s+(Present|Not present)\s*$/.exec(line)
    if (!m) return parseError('vtl listSlots: a row is not understood.', line)
    slots.push({
      slot: Number(m[1]),
      description: m[2] ?? '',
      label: m[3] ?? '',
      serial: m[4] ?? '',
      present: m[5] === 'Present',
    })
  }
  if (count === undefined)
    return parseError('vtl listSlots: no "Number of slots:" line was found.', body(text)[0])
  return ok({ count, slots })
}

export interface HaGroup {
  label: string
  number: string
  slot?: number
  synchronization?: string
  members: string[]
  standby: string[]
  /** slot: none when the member has no slot on this client (down, or hidden by HA-only mode). */
  memberRows: { slot?: number; serial: string; label: string; status: string }[]
}

export interface HaAdminShow {
  settings: Record<string, string>
  groups: HaGroup[]
  /** Lines outside the sections' forms (console noise, a shell line); present only when there were some. */
  unrecognised?: string[]
}

/** `Key: value` with a key that starts with a letter, as every line of both sections does. */
const SETTING = /^\s*([A-Za-z][^:]*?):\s*(.*?)\s*$/

/** `vtl haAdmin show` (5.4.1). */
export function parseVtlHaAdminShow(text: string): Result<HaAdminShow, ParseError> {
  const facts: HaAdminShow = { settings: {}, groups: [] }
  const unrecognised: string[] = []
  let section: 'none' | 'global' | 'groups' = 'none'
  let group: HaGroup | undefined
  const all = body(text)
  const error = all.find((l) => /^\s*Error:/.test(l))
  if (error)
    return parseError('vtl haAdmin show failed: ' + error.trim().replace(/^Error:\s*/, ''), error.trim())
  for (const line of all) {
    if (/^=+ HA Global Configuration Settings =+$/.test(line.trim())) section = 'global'
    else if (/^=+ HA Group and Member Information =+$/.test(line.trim())) section = 'groups'
    else if (section === 'global') {
      const m = SETTING.exec(line)
      if (m) facts.settings[m[1] ?? ''] = m[2] ?? ''
      else unrecognised.push(line.trim())
    } else if (section === 'groups') {
      if (/^\s*Slot #\s+Member S\/N/.test(line) || /^[=\s]+$/.test(line)) continue
      // Not in the reference (unverified): the simulator's wording when no group exists.
      if (/^\s*There are no HA groups configured\.?\s*$/i.test(line)) continue
      const kv = SETTING.exec(line)
      if (kv) {
        const [, key = '', value = ''] = kv
        if (key === 'HA Group Label') {
          group = { label: value, number: '', members: [], standby: [], memberRows: [] }
          facts.groups.push(group)
        } else if (!group)
          return parseError('vtl haAdmin show: group details come before a group label.', line)
        else if (key === 'HA Group Number') group.number = value
        else if (key === 'HA Group Slot #') {
          if (/^\d+$/.test(value)) group.slot = Number(value)
        } else if (key === 'Synchronization') group.synchronization = value
        else if (key === 'Group Members') group.members = value.split(/[\s,]+/).filter((v) => v !== '')
        else if (key === 'Standby members') group.standby = value.split(/[\s,]+/).filter((v) => v !== '')
        else unrecognised.push(line.trim())
        continue
      }
      // A member row begins with its slot, or `-` for a member with no slot of its own on this client (down, or
      // hidden by HA-only); such a line that does not parse is refused.
      if (!/^\s*(?:\d+|-)\s/.test(line)) {
        unrecognised.push(line.trim())
        continue
      }
      const row = /^\s*(\d+|-)\s+(\d+)\s+(\S+)\s+(\S+)\s*$/.exec(line)
      if (!row || !group) return parseError('vtl haAdmin show: a member row is not understood.', line)
      group.memberRows.push({
        ...(row[1] === '-' ? {} : { slot: Number(row[1]) }),
        serial: row[2] ?? '',
        label: row[3] ?? '',
        status: row[4] ?? '',
      })
    } else unrecognised.push(line.trim())
  }
  if (section === 'none')
    return parseError('vtl haAdmin show: no "HA Global Configuration Settings" section was found.', all[0])
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}
