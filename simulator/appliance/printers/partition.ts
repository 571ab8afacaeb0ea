import type { EraProfile } from '../eras'
import { PARTITION_POLICIES } from '../policies'
import type { ApplianceState, PartitionState } from '../state'

/** `partition list`: 4.x one-liners (the HID guide); 5.x/6.x layout (S4, S5); 7.x adds the Version column (S14). */
export function printPartitionList(state: ApplianceState, profile: EraProfile): string {
  if (state.partitions.length === 0) return '\n   There are no partitions.\n\n'
  // The HID guide (3.x/4.x): `Partition: 902514001, Name: ade_partition.`, full stop included.
  if (state.era === 4)
    return `\n${state.partitions.map((p) => `Partition: ${p.serial}, Name: ${p.name}.\n`).join('')}\n`
  const total = profile.partitionTotalBytes
  if (state.era === 7) {
    // The two-line storage heading of 7.8.5-20 (corpus 7/partition-list.txt), `Partition` over the Version column.
    return (
      '\n' +
      `${' '.repeat(78)}Storage (bytes)\n` +
      `${' '.repeat(55)}Partition    ${'-'.repeat(34)}\n` +
      'Partition            Name                              Version      Objects  Total     Used     Free\n' +
      '===================  ================================  ===========  =======  =======  =======  =======\n' +
      state.partitions
        .map(
          (p) =>
            `${p.serial.padEnd(21)}${p.name.padEnd(34)}${'0'.padEnd(13)}${String(p.objects).padStart(7)}  ` +
            `${String(total).padStart(7)}  ${'0'.padStart(7)}  ${String(total).padStart(7)}\n`,
        )
        .join('') +
      '\n'
    )
  }
  return (
    '\n' +
    '                                                      Storage (bytes)\n' +
    '                                                ----------------------------\n' +
    ' Partition    Name                     Objects     Total      Used      Free\n' +
    ' ===========================================================================\n' +
    state.partitions
      .map(
        (p) =>
          ` ${p.serial.padEnd(13)}${p.name.padEnd(25)}${String(p.objects).padStart(7)}` +
          `${String(total).padStart(10)}${'0'.padStart(10)}${String(total).padStart(10)}\n`,
      )
      .join('') +
    '\n'
  )
}

/** `partition show` in the 6.2.2 layout (S5). */
export function printPartitionShow(partition: PartitionState, profile: EraProfile): string {
  const field = (name: string, value: string): string => `${`${name}:`.padEnd(43)}${value}\n`
  const total = profile.partitionTotalBytes
  const activation =
    // unverified: NOT FOUND in reference. Shown only once activation is allowed (policy 22), so the S5 layout
    // stays exact for a fresh partition.
    partition.policies['22'] ? field('Partition Activated', partition.activated ? 'yes' : 'no') : ''
  return (
    '\n' +
    field('Partition Name', partition.name) +
    field('Partition SN', partition.serial) +
    field('Partition Label', partition.label) +
    field('Partition Owner Locked Out', 'no') +
    field('Partition Owner PIN To Be Changed', 'no') +
    field('Partition Owner Login Attempts Left', '10 before Partition Owner is Locked Out') +
    field('Legacy Domain Has Been Set', 'no') +
    field('Partition Storage Information (Bytes)', `Total=${total}, Used=0, Free=${total}`) +
    field('Partition Object Count', String(partition.objects)) +
    activation
  )
}

/** unverified: NOT FOUND in reference (`partition showPolicies` layout). */
export function printPartitionPolicies(partition: PartitionState): string {
  return (
    '\n' +
    `${'Partition Name:'.padEnd(43)}${partition.name}\n` +
    `${'Partition SN:'.padEnd(43)}${partition.serial}\n` +
    '\n' +
    'The following policies describe the current configuration of this partition and may be changed by the HSM Administrator.\n' +
    '\n' +
    `${'Description'.padEnd(45)}${'Value'.padEnd(10)}Code\n` +
    `${'==========='.padEnd(45)}${'====='.padEnd(10)}====\n` +
    PARTITION_POLICIES.map((p) => {
      const value = partition.policies[String(p.code)] ?? p.defaultValue
      const shown = p.code === 20 || (p.code >= 25 && p.code <= 26) ? String(value) : value ? 'On' : 'Off'
      return `${p.description.padEnd(45)}${shown.padEnd(10)}${p.code}\n`
    }).join('')
  )
}
