import { contentLines, keyValue, type Unverified } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface HsmPartitionRef {
  serial: string
  name: string
}

export interface HsmShow {
  softwareVersion?: string
  /** Null when the HSM has no label (`no label`, a zeroized or factory HSM). */
  label: string | null
  serial: string
  firmware: string
  /** `Hardware Model` (5.x) or `HSM Model` (6.x). */
  model?: string
  authentication?: string
  adminLoggedIn: boolean
  /** Null when the HSM is zeroized. */
  loginAttemptsLeft: number | null
  zeroized: boolean
  partitions: HsmPartitionRef[]
  partitionsAllowed?: number
  partitionsCreated?: number
  fips: boolean
  storage?: { maxBytes: number; usedBytes: number; freeBytes: number }
  /** Other `Key: value` lines (RPV Initialized, Audit Role Initialized, ...), as printed. */
  other: Record<string, string>
}

const SECTION =
  /^\s*(Appliance Details|HSM Details|Partitions created on HSM|FIPS 140-2 Operation|HSM Storage Information):\s*$/
const RULE = /^\s*=+\s*$/
const PARTITION = /^\s*Partition:\s*(\d+),\s*Name:\s*(.+?)\s*$/
const FIPS = /^\s*The HSM is (NOT )?in FIPS 140-2 approved operation mode\.\s*$/

/** `hsm show` (5.1, 5.3, 6.2 and the 4.x form in the HID guide). */
export function parseHsmShow(text: string): Result<HsmShow, ParseError> {
  const kv: Record<string, string> = {}
  const partitions: HsmPartitionRef[] = []
  let fips: boolean | undefined
  let noPartitions = false
  for (const line of contentLines(text)) {
    if (SECTION.test(line) || RULE.test(line)) continue
    const p = PARTITION.exec(line)
    if (p) {
      partitions.push({ serial: p[1] ?? '', name: p[2] ?? '' })
      continue
    }
    const f = FIPS.exec(line)
    if (f) {
      fips = f[1] === undefined
      continue
    }
    if (/^\s*There are no partitions\.\s*$/.test(line)) {
      noPartitions = true
      continue
    }
    const pair = keyValue(line)
    if (!pair) return parseError('hsm show: a line is not understood.', line)
    kv[pair[0]] = pair[1]
  }
  const take = (key: string): string | undefined => {
    const v = kv[key]
    delete kv[key]
    return v
  }
  const label = take('HSM Label')
  const serial = take('Serial #')
  const firmware = take('Firmware')
  const loginStatus = take('HSM Admin login status')
  const attempts = take('HSM Admin login attempts left')
  if (label === undefined || serial === undefined || firmware === undefined)
    return parseError(
      'hsm show: the HSM Label, Serial # and Firmware lines are missing; this is not hsm show output.',
    )
  if (!/^\d+$/.test(serial)) return parseError('hsm show: the serial number is not a number.', serial)
  if (fips === undefined) return parseError('hsm show: the FIPS 140-2 operation line is missing.')
  if (partitions.length > 0 && noPartitions)
    return parseError('hsm show: lists partitions and says there are none.')

  const zeroized = attempts !== undefined && /ZEROIZED/i.test(attempts)
  let loginAttemptsLeft: number | null = null
  if (attempts !== undefined && !zeroized) {
    const m = /^(\d+) before HSM zeroization!?$/.exec(attempts)
    if (!m) return parseError('hsm show: the login attempts line is not understood.', attempts)
    loginAttemptsLeft = Number(m[1])
  }
  const facts: HsmShow = {
    label: label === 'no label' || label === '' ? null : label,
    serial,
    firmware,
    adminLoggedIn: loginStatus !== undefined && /^Logged In$/i.test(loginStatus),
    loginAttemptsLeft,
    zeroized,
    partitions,
    fips,
    other: {},
  }
  const software = take('Software Version')
  if (software !== undefined) facts.softwareVersion = software
  const model = take('Hardware Model') ?? take('HSM Model')
  if (model !== undefined) facts.model = model
  const auth = take('Authentication Method')
  if (auth !== undefined) facts.authentication = auth
  const allowed = take('Number of partitions allowed')
  if (allowed !== undefined) facts.partitionsAllowed = Number(allowed)
  const created = take('Number of partitions created')
  if (created !== undefined) facts.partitionsCreated = Number(created)
  const max = take('Maximum HSM Storage Space (Bytes)')
  const used = take('Space In Use (Bytes)')
  const free = take('Free Space Left (Bytes)')
  if (max !== undefined && used !== undefined && free !== undefined)
    facts.storage = { maxBytes: Number(max), usedBytes: Number(used), freeBytes: Number(free) }
  facts.other = kv
  return ok(facts)
}

export interface HsmPolicy {
  description: string
  value: string
  code: number
  destructive: boolean
}

export interface HsmPolicies {
  label?: string
  serial?: string
  firmware?: string
  /** Capabilities (`Enable cloning  Allowed`): fixed by firmware and licences. */
  capabilities: { description: string; value: string }[]
  /** Policies set by the configuration and not changeable directly (`PIN-based authentication  True`). */
  fixed: { description: string; value: string }[]
  /** Policies the HSM Administrator may change, with their codes. */
  policies: HsmPolicy[]
}

type PolicySection = 'none' | 'capabilities' | 'fixed' | 'changeable'

/** `hsm showPolicies` (6.2 and the 4.x form of the HID guide, whose table header is on one line). */
export function parseHsmShowPolicies(text: string): Result<HsmPolicies, ParseError> {
  const facts: HsmPolicies = { capabilities: [], fixed: [], policies: [] }
  let section: PolicySection = 'none'
  for (const line of contentLines(text)) {
    if (/^\s*The following capabilities describe/i.test(line)) section = 'capabilities'
    else if (/^\s*The following policies are set due to/i.test(line)) section = 'fixed'
    else if (/^\s*The following policies describe the current configuration/i.test(line))
      section = 'changeable'
    else if (/^\s*Changing policies marked "destructive"/i.test(line)) continue
    else if (/^\s*\[OUTPUT OMITTED\]\s*$/.test(line)) continue
    else if (/^\s*Description\s+Value(\s+Code\s+Destructive)?(\s+=+)*\s*$/.test(line)) continue
    else if (/^\s*[=\s]+$/.test(line)) continue
    else if (section === 'none') {
      const pair = keyValue(line)
      if (!pair) return parseError('hsm showPolicies: a header line is not understood.', line)
      if (pair[0] === 'HSM Label') facts.label = pair[1]
      else if (pair[0] === 'Serial #') facts.serial = pair[1]
      else if (pair[0] === 'Firmware') facts.firmware = pair[1]
      else return parseError('hsm showPolicies: a header line is not understood.', line)
    } else if (section === 'changeable') {
      const m = /^\s*(.+?)\s+(\S+)\s+(\d+)\s+(Yes|No)\s*$/.exec(line)
      if (!m) return parseError('hsm showPolicies: a policy row is not understood.', line)
      facts.policies.push({
        description: m[1] ?? '',
        value: m[2] ?? '',
        code: Number(m[3]),
        destructive: m[4] === 'Yes',
      })
    } else {
      const m = /^\s*(.+?)\s+(\S+)\s*$/.exec(line)
      if (!m) return parseError('hsm showPolicies: a row is not understood.', line)
      facts[section === 'capabilities' ? 'capabilities' : 'fixed'].push({
        description: m[1] ?? '',
        value: m[2] ?? '',
      })
    }
  }
  if (facts.policies.length === 0) return parseError('hsm showPolicies: no changeable policies were listed.')
  return ok(facts)
}

export interface HsmLicenses extends Unverified {
  licenses: { id: string; description: string }[]
  /** From a `<n> Partitions` licence, when there is one. */
  partitionsAllowed?: number
}

/**
 * `hsm displayLicenses`. UNVERIFIED: the reference has no transcript; this reads the form in the HID guide
 * (`0, 9768e K5Base` rows under `License ID Description`), which is what the simulator prints too.
 */
export function parseHsmDisplayLicenses(text: string): Result<HsmLicenses, ParseError> {
  const facts: HsmLicenses = { verified: false, licenses: [] }
  let inTable = false
  for (const line of contentLines(text)) {
    if (/^\s*License ID\s+Description\s*$/i.test(line)) {
      inTable = true
      continue
    }
    if (!inTable || /^\s*[=\s]+$/.test(line)) continue
    const m = /^\s*(\d+,\s*[0-9a-fA-F]+)\s+(.+?)\s*$/.exec(line)
    if (!m) return parseError('hsm displayLicenses: a licence row is not understood.', line)
    const description = m[2] ?? ''
    facts.licenses.push({ id: (m[1] ?? '').replace(/\s+/g, ' '), description })
    const parts = /^(\d+) Partitions?$/i.exec(description)
    if (parts) facts.partitionsAllowed = Math.max(facts.partitionsAllowed ?? 0, Number(parts[1]))
  }
  if (!inTable) return parseError('hsm displayLicenses: no "License ID  Description" table was found.')
  return ok(facts)
}

/**
 * `hsm update show`. UNVERIFIED: the reference has no transcript; reads the simulator's
 * `Current firmware version: 6.10.9` and `No firmware update is available.` / `Firmware update available: <v>`.
 */
export function parseHsmUpdateShow(
  text: string,
): Result<{ verified: false; current: string; available?: string }, ParseError> {
  let current: string | undefined
  let available: string | undefined
  let none = false
  for (const line of contentLines(text)) {
    const c = /^\s*Current firmware version:\s*(\S+)\s*$/i.exec(line)
    if (c) current = c[1]
    else if (/^\s*No firmware update is available\.?\s*$/i.test(line)) none = true
    else {
      const a =
        /^\s*(?:Firmware update available|Available firmware(?: version)?|Update firmware version)\s*:\s*(\S+)(?:\s+\(file [^)\n]*\))?\s*$/i.exec(
          line,
        )
      if (!a) return parseError('hsm update show: a line is not understood.', line)
      available = a[1]
    }
  }
  if (current === undefined)
    return parseError('hsm update show: no "Current firmware version" line was found.')
  if (!none && available === undefined)
    return parseError('hsm update show: it says neither what is available nor that nothing is.')
  return ok(available === undefined ? { verified: false, current } : { verified: false, current, available })
}
