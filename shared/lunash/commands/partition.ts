/** Partitions: 5.x/6.x lunash creates and initialises them; 7.x creates them and lunacm initialises them. */
import * as v from '../validate'
import { expectSuccess, parsePolicyChanged } from '../parse/success'
import { parsePartitionList, parsePartitionShow, parsePartitionShowPolicies } from '../parse/partition'
import { command, confirm, noFields, notProven, password, ped, proven, readBack } from './spec'

const SHORT = { timeoutMs: 15_000, capMs: 60_000 }
const WITH_PED = { timeoutMs: 60_000, capMs: 15 * 60_000 }

type Named = { partition: string }
const named = (f: Named) => [v.partitionName(f.partition)]

export const partitionList = command({
  id: 'partition.list',
  title: 'List the partitions',
  validate: noFields,
  text: () => 'partition list',
  prompts: [],
  parse: parsePartitionList,
  ...SHORT,
})

export const partitionShow = command({
  id: 'partition.show',
  title: 'Show a partition',
  validate: named,
  text: (f: Named) => `partition show -partition ${f.partition}`,
  prompts: [],
  parse: parsePartitionShow,
  ...SHORT,
})

const listed = readBack(
  partitionList,
  () => ({}),
  (rows, f: Named) => {
    const row = rows.find((r) => r.name === f.partition)
    return row
      ? proven(`partition list: ${row.name}, serial ${row.serial}`)
      : notProven(`partition list does not contain ${f.partition}.`)
  },
)

export const partitionCreate = command({
  id: 'partition.create',
  title: 'Create a partition',
  validate: named,
  text: (f: Named) => `partition create -partition ${f.partition}`,
  prompts: [
    password(/Please enter a password for the partition:?/i, 'partition-password'),
    password(/Please re-enter password to confirm:?/i, 'partition-password', true),
    password(
      /Please enter (?:a|the) cloning domain to use when creating this partition[^:\n]*:?/i,
      'partition-domain',
    ),
    password(/Please re-enter cloning domain to confirm:?/i, 'partition-domain', true),
    confirm(/type '?proceed'?/i, {
      destructive: false,
      warning: 'A partition uses one of the HSM\u2019s partition licences.',
    }),
    ped(),
  ],
  parse: expectSuccess('partition create'),
  readBack: listed,
  ...WITH_PED,
})

export const partitionDelete = command({
  id: 'partition.delete',
  title: 'Delete a partition',
  destructive: true,
  validate: named,
  text: (f: Named) => `partition delete -partition ${f.partition}`,
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      expect: (f: Named) => f.partition,
      warning: 'Every key and object in the partition is destroyed; clients assigned to it lose access.',
    }),
    ped(),
  ],
  parse: expectSuccess('partition delete'),
  readBack: readBack(
    partitionList,
    () => ({}),
    (rows, f: Named) =>
      rows.some((r) => r.name === f.partition)
        ? notProven(`partition list still contains ${f.partition}.`)
        : proven(`partition list no longer contains ${f.partition}`),
  ),
  ...WITH_PED,
})

export const partitionShowPolicies = command({
  id: 'partition.showPolicies',
  title: 'Show the policies of a partition',
  validate: named,
  text: (f: Named) => `partition showPolicies -partition ${f.partition}`,
  prompts: [],
  parse: parsePartitionShowPolicies,
  unverified: true,
  ...SHORT,
})

type PolicyFields = Named & { code: number; value: number }

export const partitionChangePolicy = command({
  id: 'partition.changePolicy',
  title: 'Change a partition policy (22 activation, 23 auto-activation)',
  validate: (f: PolicyFields) => [v.partitionName(f.partition), v.policyCode(f.code), v.policyValue(f.value)],
  text: (f) => `partition changePolicy -partition ${f.partition} -policy ${f.code} -value ${f.value}`,
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      warning: 'The appliance warns that this policy change is destructive.',
    }),
  ],
  parse: parsePolicyChanged,
  readBack: readBack(
    partitionShowPolicies,
    (f: PolicyFields) => ({ partition: f.partition }),
    (facts, f: PolicyFields) => {
      const row = facts.policies.find((p) => p.code === f.code)
      if (!row) return notProven(`partition showPolicies has no policy ${f.code}.`)
      const on = /^(on|1|true|yes|allowed)$/i.test(row.value)
      const matches = row.value === String(f.value) || (f.value === 1) === on
      return matches
        ? proven(`partition showPolicies: ${row.description} = ${row.value}`)
        : notProven(`partition showPolicies: ${row.description} is ${row.value}.`)
    },
  ),
  ...SHORT,
})

export const partitionActivate = command({
  id: 'partition.activate',
  title: 'Activate a partition',
  validate: named,
  text: (f: Named) => `partition activate -partition ${f.partition}`,
  prompts: [password(/Please enter the password for the partition:?/i, 'partition-password'), ped()],
  parse: expectSuccess('partition activate'),
  ...WITH_PED,
})

export const partitionDeactivate = command({
  id: 'partition.deactivate',
  title: 'Deactivate a partition',
  validate: named,
  text: (f: Named) => `partition deactivate -partition ${f.partition}`,
  prompts: [password(/Please enter the password for the partition:?/i, 'partition-password'), ped()],
  parse: expectSuccess('partition deactivate'),
  ...WITH_PED,
})

/** Passwords are typed at the appliance's prompts, never put on the command line (where they would be echoed). */
export const partitionChangePw = command({
  id: 'partition.changePw',
  title: 'Change a partition password',
  validate: named,
  text: (f: Named) => `partition changePw -partition ${f.partition}`,
  prompts: [
    password(/(?:old|current) (?:partition )?password[^:\n]*:?/i, 'partition-password'),
    password(/(?<!re-)enter (?:the |a )?new (?:partition )?password[^:\n]*:?/i, 'partition-new-password'),
    password(
      /(?:re-?enter|re-?type|confirm)[^:\n]*new (?:partition )?password[^:\n]*:?/i,
      'partition-new-password',
      true,
    ),
    ped(),
  ],
  parse: expectSuccess('partition changePw'),
  ...WITH_PED,
})
