import { contentLines, keyValue, outputLines, taker, type Unverified } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface HsmPartitionRef {
  serial: string
  name: string
}

export interface HsmShow {
  softwareVersion?: string
  /** Null when the HSM has no label (`no label`, or nothing after `HSM Label:` on 7.x). */
  label: string | null
  serial: string
  firmware: string
  /** `Hardware Model` (5.x) or `HSM Model` (6.x, 7.x). */
  model?: string
  /** `HSM Part Number` (7.x). */
  partNumber?: string
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
  /** `Secure Transport Mode` (7.x). */
  secureTransportMode?: boolean
  /** `HSM Tamper State` (7.x), as printed: `No tamper(s)`. */
  tamperState?: string
  /** The `Environmental Information on HSM` block (7.x), as printed: `Battery Voltage` -> `3.093 V`. */
  environment?: Record<string, string>
  /** Other `Key: value` lines (RPV Initialized, Audit Role Initialized, ...), as printed. */
  other: Record<string, string>
  /** Lines that are neither known nor `Key: value` (console noise, a document's `[OUTPUT OMITTED]`); only when some. */
  unrecognised?: string[]
}

type ShowSection = 'details' | 'partitions' | 'fips' | 'storage' | 'environment'

const SECTIONS: [RegExp, ShowSection][] = [
  [/^\s*Appliance Details:\s*$/, 'details'],
  [/^\s*HSM Details:\s*$/, 'details'],
  [/^\s*Partitions created on HSM:\s*$/, 'partitions'],
  [/^\s*FIPS 140-2 Operation:\s*$/, 'fips'],
  [/^\s*HSM Storage Information:\s*$/, 'storage'],
  [/^\s*Environmental Information on HSM:\s*$/, 'environment'],
]
const RULE = /^\s*=+\s*$/
const PARTITION = /^\s*Partition:\s*(\d+)\s*,\s*Name:\s*(\S(?:.*\S)?)\s*$/
const FIPS = /^\s*The HSM is (NOT )?in FIPS 140-2 approved operation mode\.\s*$/
const NO_PARTITIONS = /^\s*There are no partitions\.\s*$/
const YES_NO = /^(yes|no)$/i

/** `hsm show`: 4.x as the HID guide prints it, 5.1, 5.3, 6.2 and 7.x (part number, transport mode, tamper, environment). */
export function parseHsmShow(text: string): Result<HsmShow, ParseError> {
  const kv: Record<string, string> = {}
  const environment: Record<string, string> = {}
  const partitions: HsmPartitionRef[] = []
  const unrecognised: string[] = []
  let section: ShowSection | undefined
  let fips: boolean | undefined
  let partitionsSection = false
  let noPartitions = false
  for (const line of contentLines(text)) {
    const heading = SECTIONS.find(([re]) => re.test(line))
    if (heading) {
      section = heading[1]
      if (section === 'partitions') partitionsSection = true
      continue
    }
    if (RULE.test(line)) continue
    const f = FIPS.exec(line)
    if (f) {
      fips = f[1] === undefined
      continue
    }
    if (section === 'partitions') {
      const p = PARTITION.exec(line)
      if (p) {
        partitions.push({ serial: p[1] ?? '', name: p[2] ?? '' })
        continue
      }
      if (NO_PARTITIONS.test(line)) {
        noPartitions = true
        continue
      }
      // A partition line this parser cannot read would leave the list short: refuse rather than drop it.
      if (/^\s*Partition\b/i.test(line) || !keyValue(line))
        return parseError('hsm show: a line of the partitions section is not understood.', line)
    }
    const pair = keyValue(line)
    if (!pair) {
      unrecognised.push(line.trim())
      continue
    }
    if (section === 'environment') environment[pair[0]] = pair[1]
    else kv[pair[0]] = pair[1]
  }
  const take = taker(kv)
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
  if (loginStatus === undefined || attempts === undefined)
    return parseError('hsm show: the HSM Admin login status and login attempts lines are missing.')
  if (!/^(Not )?Logged In$/i.test(loginStatus))
    return parseError('hsm show: the HSM Admin login status is not understood.', loginStatus)
  if (!partitionsSection) return parseError('hsm show: the "Partitions created on HSM" section is missing.')
  if (fips === undefined) return parseError('hsm show: the FIPS 140-2 operation line is missing.')
  if (partitions.length > 0 && noPartitions)
    return parseError('hsm show: lists partitions and says there are none.')

  const zeroized = /ZEROIZED/i.test(attempts)
  let loginAttemptsLeft: number | null = null
  if (!zeroized) {
    const m = /^(\d+) before HSM zeroization!?$/.exec(attempts)
    if (!m) return parseError('hsm show: the login attempts line is not understood.', attempts)
    loginAttemptsLeft = Number(m[1])
  }
  const facts: HsmShow = {
    label: label === 'no label' || label === '' ? null : label,
    serial,
    firmware,
    adminLoggedIn: /^Logged In$/i.test(loginStatus),
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
  const partNumber = take('HSM Part Number')
  if (partNumber !== undefined) facts.partNumber = partNumber
  const auth = take('Authentication Method')
  if (auth !== undefined) facts.authentication = auth
  const count = (key: string): number | undefined | false => {
    const v = take(key)
    if (v === undefined) return undefined
    return /^\d+$/.test(v) ? Number(v) : false
  }
  const allowed = count('Number of partitions allowed')
  const created = count('Number of partitions created')
  if (allowed === false || created === false)
    return parseError('hsm show: a partition count is not a number.')
  if (allowed !== undefined) facts.partitionsAllowed = allowed
  if (created !== undefined) facts.partitionsCreated = created
  const max = count('Maximum HSM Storage Space (Bytes)')
  const used = count('Space In Use (Bytes)')
  const free = count('Free Space Left (Bytes)')
  if (max === false || used === false || free === false)
    return parseError('hsm show: a storage figure is not a number.')
  if (max !== undefined && used !== undefined && free !== undefined)
    facts.storage = { maxBytes: max, usedBytes: used, freeBytes: free }
  const transport = take('Secure Transport Mode')
  if (transport !== undefined) {
    if (!YES_NO.test(transport))
      return parseError('hsm show: the Secure Transport Mode line is not understood.', transport)
    facts.secureTransportMode = /^yes$/i.test(transport)
  }
  const tamper = take('HSM Tamper State')
  if (tamper !== undefined) facts.tamperState = tamper
  if (Object.keys(environment).length > 0) facts.environment = environment
  facts.other = kv
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

export interface HsmPolicy {
  description: string
  value: string
  code: number
  /** As the table's Destructive column says: changing it zeroizes the HSM. */
  destructive: boolean
}

export interface HsmPolicies {
  label?: string
  serial?: string
  firmware?: string
  /** Capabilities (`Enable cloning  Allowed`): fixed by firmware and licences; only when the output lists them. */
  capabilities?: { description: string; value: string }[]
  /** Policies set by the configuration and not changeable directly (`PIN-based authentication  True`). */
  fixed?: { description: string; value: string }[]
  /** Policies the HSM Administrator may change, with their codes. */
  policies: HsmPolicy[]
  /** Lines that are not part of any table (console noise, a document's `...` or `[OUTPUT OMITTED]`); only when some. */
  unrecognised?: string[]
}

type PolicySection = 'header' | 'capabilities' | 'fixed' | 'changeable'

/** The sentences that open each table; a sentence may wrap over several lines (6.20.2) or share one (4.x). */
const INTROS: [RegExp, PolicySection | 'warning'][] = [
  [/^\s*The following capabilities describe\b/i, 'capabilities'],
  [/^\s*The following policies are set due to\b/i, 'fixed'],
  [/^\s*The following policies describe the current configuration\b/i, 'changeable'],
  [/^\s*Changing policies marked "destructive"/i, 'warning'],
]
const TABLE_HEADING = /^\s*Description\s+Value(?:\s+Code\s+Destructive)?(?:\s+=+)*\s*$/
const RULES = /^\s*[=\s]+$/
const ELIDED = /^\s*(?:\.\.\.|\[OUTPUT OMITTED\])\s*$/
const VALUE_WORDS = /^(?:Allowed|Disallowed|True|False|Yes|No|On|Off|Enabled|Disabled|\d+)$/i
const CHANGEABLE_ROW = /^\s*(\S(?:.*?\S)?)\s+(\S+)\s+(\d+)\s+(Yes|No)\s*$/i
const VALUE_ROW = /^\s*(\S(?:.*?\S)?)\s+(\S+)\s*$/

/**
 * `hsm showPolicies`: the 4.x layout of the HID guide (single spaces, heading and rule on one line), 6.2 and the
 * 6.20.2 form whose introductions wrap over two lines. Rows of a table must read as rows; anything else inside a
 * table is refused, since a dropped row would misstate which policies are destructive.
 */
export function parseHsmShowPolicies(text: string): Result<HsmPolicies, ParseError> {
  const facts: HsmPolicies = { policies: [] }
  const unrecognised: string[] = []
  let section: PolicySection = 'header'
  // True from an introduction sentence until its table heading or a blank line: wrapped lines belong to it.
  let inIntro = false
  for (const line of outputLines(text)) {
    if (line.trim() === '') {
      inIntro = false
      continue
    }
    const intro = INTROS.find(([re]) => re.test(line))
    if (intro) {
      if (intro[1] !== 'warning') {
        section = intro[1]
        if (section === 'capabilities') facts.capabilities = facts.capabilities ?? []
        if (section === 'fixed') facts.fixed = facts.fixed ?? []
      }
      inIntro = true
      continue
    }
    if (TABLE_HEADING.test(line)) {
      inIntro = false
      continue
    }
    if (inIntro) continue
    if (RULES.test(line)) continue
    if (ELIDED.test(line)) {
      unrecognised.push(line.trim())
      continue
    }
    if (section === 'header') {
      const pair = keyValue(line)
      // A document's `HSM Label:   ...` hides the value: nothing to read there.
      if (pair?.[1] === '...') unrecognised.push(line.trim())
      else if (pair?.[0] === 'HSM Label') facts.label = pair[1]
      else if (pair?.[0] === 'Serial #') facts.serial = pair[1]
      else if (pair?.[0] === 'Firmware') facts.firmware = pair[1]
      else unrecognised.push(line.trim())
    } else if (section === 'changeable') {
      const m = CHANGEABLE_ROW.exec(line)
      if (!m) return parseError('hsm showPolicies: a policy row is not understood.', line)
      facts.policies.push({
        description: m[1] ?? '',
        value: m[2] ?? '',
        code: Number(m[3]),
        destructive: /^yes$/i.test(m[4] ?? ''),
      })
    } else {
      const m = VALUE_ROW.exec(line)
      if (!m || !VALUE_WORDS.test(m[2] ?? ''))
        return parseError('hsm showPolicies: a row is not understood.', line)
      const rows = section === 'capabilities' ? facts.capabilities : facts.fixed
      rows?.push({ description: m[1] ?? '', value: m[2] ?? '' })
    }
  }
  if (facts.policies.length === 0) return parseError('hsm showPolicies: no changeable policies were listed.')
  const codes = facts.policies.map((p) => p.code)
  if (new Set(codes).size !== codes.length)
    return parseError('hsm showPolicies: a policy code is listed twice.')
  if (unrecognised.length > 0) facts.unrecognised = unrecognised
  return ok(facts)
}

/**
 * Whether changing policy `code` zeroizes the HSM, as the policy table read back says: true or false from its
 * Destructive column, undefined when the table does not list that code (then the caller must not guess).
 */
export function isDestructivePolicy(policies: HsmPolicies, code: number): boolean | undefined {
  return policies.policies.find((p) => p.code === code)?.destructive
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
