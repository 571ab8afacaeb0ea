import { describe, expect, it } from 'vitest'
import { corpusText } from './fixtures/real/corpus'
import simulatorLicences from './fixtures/sim-displaylicenses.txt?raw'
import { licenceWarnings, partitionLicence } from './licences'
import { parseHsmDisplayLicenses, type HsmLicenses } from './parse/hsm'

const read = (text: string): HsmLicenses => {
  const r = parseHsmDisplayLicenses(text)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
/** The HID guide's 4.x HSM: `0, 97659 2 Partitions` among its capability licences. */
const hid = read(corpusText('4/hsm-displaylicenses.txt'))
const table = (...descriptions: string[]): HsmLicenses => ({
  verified: false,
  licenses: descriptions.map((description, i) => ({ id: `0, 9765${i}`, description })),
})

describe('the partition licence in hsm displayLicenses', () => {
  it('reads the HID guide’s "2 Partitions" and the simulator’s "10 Partitions"', () => {
    expect(partitionLicence(hid)).toEqual({
      rows: [{ id: '0, 97659', description: '2 Partitions' }],
      count: 2,
    })
    expect(partitionLicence(read(simulatorLicences)).count).toBe(10)
  })

  it.each([
    ['Partitions: 5', 5],
    ['Maximum 20 partitions', 20],
    ['10 application partitions', 10],
    ['1 Partition', 1],
  ])('counts "%s" as %i', (description, count) => {
    expect(partitionLicence(table('K6Base', description, 'ECC')).count).toBe(count)
  })

  it('a larger licence counts, not the sum (an upgrade replaces the smaller one)', () => {
    expect(partitionLicence(table('5 Partitions', '20 Partitions')).count).toBe(20)
  })

  it('capability licences that name no partition are not a partition licence', () => {
    expect(partitionLicence(table('K5Base', 'ECC', 'Objects320', 'Performance1200', 'FIPS3'))).toEqual({
      rows: [],
    })
  })
})

describe('licence warnings before partition create', () => {
  it('the HID guide’s HSM with room for the CMS partition: nothing to say', () => {
    expect(licenceWarnings(hid, 0)).toEqual([])
    expect(licenceWarnings(hid, 1)).toEqual([])
    expect(licenceWarnings(hid, 0, 2)).toEqual([])
  })

  it('no partition licence in the table: says so, shows what the row looks like, and what to do', () => {
    const [warning, ...more] = licenceWarnings(table('K5Base', 'ECC', 'FIPS3'), 0)
    expect(more).toEqual([])
    expect(warning).toMatch(/lists no partition licence/)
    expect(warning).toMatch(/2 Partitions/)
    expect(warning).toMatch(/get the partition licence for this HSM model from Thales/)
  })

  it('no partition licence read although partitions exist: the table is not claimed to lack it, only to be checked', () => {
    const [warning] = licenceWarnings(table('K6Base', 'ECC'), 3)
    expect(warning).toMatch(/yet 3 partitions exist/)
    expect(warning).toMatch(/Check the licence table by eye/)
    expect(warning).not.toMatch(/get the partition licence/)
  })

  it('every licensed partition already created: the next partition create will be refused', () => {
    const [warning] = licenceWarnings(hid, 2)
    expect(warning).toMatch(/licensed for 2 partitions and 2 are created/)
    expect(warning).toMatch(/a further partition create will be refused/)
    expect(licenceWarnings(table('1 Partition'), 1)[0]).toMatch(/licensed for 1 partition and 1 is created/)
  })

  it('more partitions to create than the licence leaves room for', () => {
    const [warning] = licenceWarnings(hid, 1, 2)
    expect(warning).toMatch(/Creating 2 partitions needs 3 partition licences; the HSM is licensed for 2/)
  })

  it('more partitions than the licence allows: the reading is doubted, not the appliance', () => {
    expect(licenceWarnings(hid, 5)[0]).toMatch(/5 partitions exist but hsm displayLicenses allows 2/)
  })

  it('a partition licence without a count Rackside can read is named, not guessed', () => {
    const [warning] = licenceWarnings(table('K6Base', 'Partition upgrade'), 0)
    expect(warning).toMatch(/cannot count \("Partition upgrade"\)/)
  })

  it('when the partitions created could not be read, only the licence itself is checked', () => {
    expect(licenceWarnings(hid, undefined)).toEqual([])
    expect(licenceWarnings(table('ECC'), undefined)[0]).toMatch(/lists no partition licence/)
  })
})
