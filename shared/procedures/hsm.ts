/** The HSM: its licences, initialisation, policies and status. */
import { partitionLicence } from '../lunash/licences'
import { hsmLogin } from './fields'
import { isOn, partitionsCreated } from './snapshot'
import type { Procedure } from './types'

export const licences: Procedure = {
  id: 'licences',
  title: 'Licences',
  guide: 'Check which licences the HSM holds and how many partitions it allows (hsm displayLicenses).',
  actions: [
    {
      commandId: 'hsm.displayLicenses',
      run: 'Show the licences',
      note: 'Rackside then reads hsm show to count the partitions created, and warns when no partition licence is listed or every licensed partition is in use.',
    },
  ],
  done: [
    {
      id: 'licences',
      title: 'Partition licence',
      reads: ['licences'],
      commands: [],
      looksDone: (s) => {
        const licence = partitionLicence(s.licences ?? { verified: false, licenses: [] })
        if (licence.count !== undefined) return true
        if (licence.rows.length > 0) return 'the partition licence names no count Rackside can read'
        // Partitions exist without a licence row Rackside knows: the table is in a form it does not read.
        const created = partitionsCreated(s)
        if (created !== undefined && created > 0)
          return 'hsm displayLicenses names no partition licence Rackside reads, yet partitions exist'
        return false
      },
      evidence: (s) => {
        const licence = partitionLicence(s.licences ?? { verified: false, licenses: [] })
        const created = partitionsCreated(s)
        const rows = licence.rows.map((r) => `${r.id} ${r.description}`).join(', ')
        return `${rows ? `hsm displayLicenses: ${rows}` : 'hsm displayLicenses lists no partition licence'}${
          created === undefined ? '' : `; ${created} created`
        }`
      },
    },
  ],
}

export const hsmInit: Procedure = {
  id: 'hsm-init',
  title: 'HSM initialise',
  guide:
    'Initialise the HSM with its label, the HSM Administrator (SO) password and the cloning domain (hsm init). On a PED HSM the PED asks for the keys instead.',
  warning: 'Initialising erases the HSM: every partition and key.',
  actions: [
    {
      commandId: 'hsm.init',
      run: 'Initialise the HSM',
      fields: [{ name: 'label', label: 'HSM label', placeholder: 'luna-sa-1', repeat: 'HSM label again' }],
      secrets: [
        {
          id: 'hsm-so-password',
          label: 'HSM Administrator password (password HSM)',
          confirm: true,
          optional: true,
        },
        { id: 'hsm-domain', label: 'Cloning domain (password HSM)', confirm: true, optional: true },
      ],
      note: 'On a PED HSM leave the passwords empty: the PED asks for the blue and red keys.',
    },
    hsmLogin,
  ],
  done: [
    {
      id: 'hsm-init',
      title: 'HSM initialised',
      reads: ['hsm'],
      commands: ['hsm.init'],
      holds: (s, f) => (s.hsm ? s.hsm.label === f.label && !s.hsm.zeroized : undefined),
      looksDone: (s) => Boolean(s.hsm?.label) && !s.hsm?.zeroized,
      evidence: (s) =>
        s.hsm ? `label ${s.hsm.label ?? '(none)'}, serial ${s.hsm.serial}, firmware ${s.hsm.firmware}` : '?',
    },
  ],
}

export const hsmPolicies: Procedure = {
  id: 'hsm-policies',
  title: 'HSM policies',
  guide: 'Read the policy table; change a policy (16 enables HA / key cloning between HSMs).',
  warning: 'Some HSM policies are destructive: changing them zeroizes the HSM.',
  actions: [
    { commandId: 'hsm.showPolicies', run: 'Show the policies' },
    {
      commandId: 'hsm.changePolicy',
      run: 'Change the policy',
      fields: [
        { name: 'code', label: 'Policy number', kind: 'number', initial: '16' },
        { name: 'value', label: 'New value', kind: 'number', initial: '1' },
      ],
      presets: [{ label: 'Policy 16 on (HA)', values: { code: '16', value: '1' } }],
    },
  ],
  done: [
    {
      id: 'hsm-policies',
      title: 'HSM policies (16 for HA)',
      reads: ['hsm policies'],
      commands: ['hsm.changePolicy'],
      holds: (s, f) => {
        const row = s.policies?.policies.find((p) => p.code === Number(f.code))
        if (!row) return undefined
        const on = isOn(row.value)
        return row.value === String(f.value) || (Number(f.value) === 1) === on
      },
      looksDone: (s) => {
        const replication = s.policies?.policies.find((p) => p.code === 16)
        return replication ? isOn(replication.value) : 'policy 16 is not in the policy table'
      },
      evidence: (s) =>
        (s.policies?.policies ?? [])
          .filter((p) => p.code === 16)
          .map((p) => `${p.description}: ${p.value}`)
          .join('; ') || 'policy table not read',
    },
  ],
}

/** A read, not a setting: nothing to mark (the Overview shows hsm show in full). */
export const hsmStatus: Procedure = {
  id: 'hsm-status',
  title: 'HSM status',
  guide: 'Label, serial, firmware, login attempts left, partitions, FIPS mode (hsm show).',
  actions: [{ commandId: 'hsm.show', run: 'Show the HSM' }],
  done: [],
}
