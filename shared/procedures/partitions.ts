/** The partition CMS keeps its keys in: created, its policies set, activated. */
import { partitionField } from './fields'
import type { Procedure } from './types'

export const partitions: Procedure = {
  id: 'partitions',
  title: 'Partitions',
  guide:
    'Create the partition for CMS (partition create), set policies 22 and 23 (activation, auto-activation), activate it.',
  actions: [
    {
      commandId: 'partition.create',
      run: 'Create the partition',
      fields: [partitionField],
      secrets: [
        { id: 'partition-password', label: 'Partition password', confirm: true, optional: true },
        { id: 'partition-domain', label: 'Partition cloning domain', confirm: true, optional: true },
      ],
      note: 'The partition password goes straight to the OS keychain.',
    },
    {
      commandId: 'partition.changePolicy',
      run: 'Set the partition policy',
      fields: [
        partitionField,
        {
          name: 'code',
          label: 'Partition policy',
          kind: 'select',
          options: ['22', '23'],
          initial: '22',
          numeric: true,
        },
        { name: 'value', label: 'Policy value', kind: 'number', initial: '1' },
      ],
    },
    {
      commandId: 'partition.activate',
      run: 'Activate the partition',
      fields: [partitionField],
      secrets: [{ id: 'partition-password', label: 'Partition password', optional: true }],
    },
    {
      commandId: 'partition.changePw',
      run: 'Change the partition password',
      fields: [
        partitionField,
        {
          name: 'credential',
          label: 'What to change (a PED HSM asks; a password HSM has only its password)',
          kind: 'select',
          options: ['challenge', 'ped-key'],
          initial: 'challenge',
        },
      ],
      secrets: [
        { id: 'partition-password', label: 'Current partition password', optional: true },
        {
          id: 'partition-new-password',
          label: 'New partition password',
          confirm: true,
          optional: true,
        },
      ],
      note: 'On a PED HSM lunash asks which part to change: Rackside answers with your choice. The HID guide changes the challenge, the password clients present.',
    },
    { commandId: 'partition.list', run: 'List the partitions' },
    { commandId: 'partition.show', run: 'Show the partition', fields: [partitionField] },
    { commandId: 'partition.delete', run: 'Delete the partition', fields: [partitionField] },
  ],
  done: [
    {
      id: 'partitions',
      title: 'Partitions created',
      reads: ['partitions'],
      commands: ['partition.create'],
      holds: (s, f) => s.partitions?.some((p) => p.name === f.partition),
      looksDone: (s) => (s.partitions?.length ?? 0) > 0,
      evidence: (s) => `partitions: ${s.partitions?.map((p) => p.name).join(', ') || 'none'}`,
    },
  ],
}
