/**
 * The HID procedure's licence check: an HSM holds only as many partitions as its partition licence allows, and
 * the appliance itself asks before `partition create` ("Please ensure that you have purchased licenses for at least
 * this number of partitions"). Rackside reads `hsm displayLicenses` and the partitions already created and says,
 * before the operator gets there, when the licence is missing or used up.
 */
import type { HsmLicenses } from './parse/hsm'

export interface PartitionLicence {
  /** The licence rows that speak of partitions, as printed. */
  rows: { id: string; description: string }[]
  /** How many partitions they allow: the largest count named (a larger licence replaces a smaller one). */
  count?: number
}

/**
 * `2 Partitions` as the HID guide's 4.x HSM prints it, and the spellings a description may take elsewhere
 * (`Partitions: 5`, `Maximum 20 partitions`, `10 application partitions`): whatever names a number beside the word.
 */
const COUNT_BEFORE = /(\d+)\s+(?:[a-z]+\s+)?partitions?\b/i
const COUNT_AFTER = /\bpartitions?\b\s*[:=(-]?\s*(\d+)/i

/** The partition licence in a licence table, and the count it allows when a row names one. */
export function partitionLicence(licences: HsmLicenses): PartitionLicence {
  const rows = licences.licenses.filter((l) => /partition/i.test(l.description))
  let count: number | undefined
  for (const row of rows) {
    const m = COUNT_BEFORE.exec(row.description) ?? COUNT_AFTER.exec(row.description)
    if (m) count = Math.max(count ?? 0, Number(m[1]))
  }
  // The parser's own reading (the 4.x `<n> Partitions` form) counts too.
  if (licences.partitionsAllowed !== undefined) count = Math.max(count ?? 0, licences.partitionsAllowed)
  return count === undefined ? { rows } : { rows, count }
}

const partitions = (n: number): string => `${n} partition${n === 1 ? '' : 's'}`

/**
 * Sentences for the operator: what is wrong with the partition licence, and what to do. Empty when the licence
 * covers the partitions created plus `partitionsToCreate` more. `partitionsCreated` undefined: the count of
 * partitions could not be read, so only the licence itself is checked.
 */
export function licenceWarnings(
  licences: HsmLicenses,
  partitionsCreated: number | undefined,
  partitionsToCreate = 1,
): string[] {
  const licence = partitionLicence(licences)
  if (licence.rows.length === 0 && licence.count === undefined) {
    if (partitionsCreated !== undefined && partitionsCreated > 0)
      return [
        `hsm displayLicenses lists no partition licence, yet ${partitionsCreated === 1 ? '1 partition exists' : `${partitionsCreated} partitions exist`}: ` +
          'this appliance may name its partition licence in a form Rackside does not read. Check the licence table by eye ' +
          '(and hsm show\'s "Number of partitions allowed") before you create another partition.',
      ]
    return [
      'hsm displayLicenses lists no partition licence (the HID guide\u2019s HSM shows a row such as "0, 97659  2 Partitions"). ' +
        'The HSM refuses partitions beyond its licence, and partition create asks you to confirm you have purchased enough: ' +
        'get the partition licence for this HSM model from Thales (and install it) before you create the CMS partition.',
    ]
  }
  if (licence.count === undefined)
    return [
      `hsm displayLicenses lists a partition licence Rackside cannot count (${licence.rows
        .map((r) => `"${r.description}"`)
        .join(', ')}): read how many partitions it allows before you create more.`,
    ]
  if (partitionsCreated === undefined) return []
  const count = licence.count
  if (partitionsCreated > count)
    return [
      `${partitionsCreated} partitions exist but hsm displayLicenses allows ${count}: the licence table may not have been read right. Check it by eye before you create another partition.`,
    ]
  if (partitionsCreated + partitionsToCreate <= count) return []
  if (partitionsCreated >= count)
    return [
      `The HSM is licensed for ${partitions(count)} and ${partitionsCreated === 1 ? '1 is' : `${partitionsCreated} are`} created: ` +
        'a further partition create will be refused (licence capacity exceeded). Install a licence for more partitions, ' +
        'or delete a partition you no longer need, before you create another.',
    ]
  return [
    `Creating ${partitions(partitionsToCreate)} needs ${partitionsCreated + partitionsToCreate} partition licences; ` +
      `the HSM is licensed for ${partitions(count)} and ${partitionsCreated} ${partitionsCreated === 1 ? 'is' : 'are'} used. ` +
      'Install a licence for more partitions first.',
  ]
}
