/** A firmware update: the package uploaded, the HSM Administrator logged in, the update, the partitions back. */
import { hsmLogin, partitionField, uploadPassword } from './fields'
import type { Procedure } from './types'

export const firmware: Procedure = {
  id: 'firmware',
  title: 'Firmware update',
  guide:
    'Upload the update package over SCP, log in as HSM Administrator, run hsm update firmware, then reactivate the partitions.',
  warning: 'A firmware update cannot be reversed and drops connected clients.',
  actions: [
    {
      commandId: 'my.file.list',
      run: 'Upload the package',
      upload: true,
      fields: [
        {
          name: 'localPath',
          label: 'Firmware package on this computer',
          placeholder: '/path/to/lunafw_7.0.3.fuf',
          path: {
            purpose: 'firmware',
            filters: [
              { name: 'Luna firmware and update packages', extensions: ['fuf', 'spkg', 'tar', 'gz'] },
            ],
          },
        },
      ],
      secrets: [uploadPassword],
    },
    hsmLogin,
    { commandId: 'hsm.update.show', run: 'Show the updates' },
    {
      commandId: 'hsm.update.firmware',
      run: 'Update the firmware',
      fields: [
        {
          name: 'expectedFirmware',
          label: 'Firmware version expected after the update',
          placeholder: '7.0.3',
        },
      ],
    },
    {
      commandId: 'partition.activate',
      run: 'Reactivate the partition',
      fields: [partitionField],
      secrets: [{ id: 'partition-password', label: 'Partition password', optional: true }],
    },
  ],
  done: [
    {
      id: 'firmware',
      title: 'Firmware update',
      reads: ['hsm'],
      commands: ['hsm.update.firmware'],
      holds: (s, f) => (s.hsm ? s.hsm.firmware === f.expectedFirmware : undefined),
      looksDone: (s) =>
        `the HSM runs firmware ${s.hsm?.firmware ?? '?'}; whether that is the version you need is yours to judge (no update was run from Rackside)`,
      evidence: (s) => `firmware ${s.hsm?.firmware ?? '?'}`,
    },
  ],
}
