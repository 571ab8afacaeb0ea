/** Partitions: 5.x/6.x lunash creates and initialises them; 7.x creates them and lunacm initialises them. */
import * as v from '../validate'
import { expectSuccess, parsePolicyChanged } from '../parse/success'
import { contentLines } from '../parse/common'
import { parsePartitionList, parsePartitionShow, parsePartitionShowPolicies } from '../parse/partition'
import { parsePartitionList4x } from '../parse/partition-list-4x'
import { ok, parseError, type ParseError, type Result } from '../result'
import type { Validated } from '../validate'
import {
  answer,
  command,
  confirm,
  noFields,
  notProven,
  password,
  ped,
  proven,
  readBack,
  type PromptSpec,
} from './spec'

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
  // The HID guide: `Partition: 902514001, Name: ade_partition.`, one line per partition, no storage columns.
  syntax: { 4: { parse: parsePartitionList4x } },
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

/**
 * What `partition changePw` changes on a PED-authenticated HSM: the challenge (the partition password the client
 * presents, which the HID guide changes) or the black Partition Owner / Crypto Officer PED key. A password HSM has
 * one password, which is its challenge; only `challenge` makes sense there.
 */
export const PARTITION_CREDENTIALS = ['challenge', 'ped-key'] as const
export type PartitionCredential = (typeof PARTITION_CREDENTIALS)[number]

type ChangePw = Named & { credential: PartitionCredential }

function credential(value: unknown): Validated<PartitionCredential> {
  const found = PARTITION_CREDENTIALS.find((c) => c === value)
  return found
    ? ok(found)
    : {
        ok: false,
        error: {
          field: 'What to change',
          message: `What to change must be "challenge" (the partition password clients use) or "ped-key" (the black PED key), not "${String(value)}".`,
        },
      }
}

/**
 * The menu lunash shows on a PED HSM when `partition changePw` has no -oldpw/-newpw (6.0 and 7.x lunash
 * references): `1. change partition owner (black) PED key` (7.x: `1.  change partition PED key data for Crypto
 * Officer`), `2.  change the challenge …`, `0.  abort command`, then `Please select one of the above options:`.
 * It is answered only when both entries read as expected, so the number typed is the one the menu gives the choice.
 */
const CHANGE_PW_MENU =
  /^[ \t]*1\.[ \t]+change (?:the )?partition (?:owner \(black\) PED key|PED key data)[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*2\.[ \t]+change the challenge[^\n]*\n[\s\S]{0,400}?select one of the above options:?/im

const MENU_CHOICE: Record<PartitionCredential, string> = { 'ped-key': '1', challenge: '2' }

/** The current challenge or password: `Please enter the current Crypto Officer's challenge:` (7.x). */
const CURRENT_SECRET = password(
  /(?:old|current)[^:\n]*(?:password|challenge)[^:\n]*:?/i,
  'partition-password',
)

const CHALLENGE_PROMPTS: PromptSpec<ChangePw>[] = [
  answer(CHANGE_PW_MENU, (f: ChangePw) => MENU_CHOICE[f.credential]),
  CURRENT_SECRET,
  password(/(?<!re-)enter (?:the |a )?new[^:\n]*(?:password|challenge)[^:\n]*:?/i, 'partition-new-password'),
  password(
    /(?:re-?enter|re-?type|confirm)[^:\n]*(?:password|challenge)[^:\n]*:?/i,
    'partition-new-password',
    true,
  ),
  ped(),
]

/**
 * Changing the PED key asks for no new password: a password question here means the HSM is not PED-authenticated
 * (no menu was shown), and it is left unanswered (the runner stops the command) rather than set a password the
 * operator did not ask to change.
 */
const PED_KEY_PROMPTS: PromptSpec<ChangePw>[] = [
  answer(CHANGE_PW_MENU, () => MENU_CHOICE['ped-key']),
  password(/current[^:\n]*challenge[^:\n]*:?/i, 'partition-password'),
  ped(),
]

/**
 * `'partition changePw' successful.`, or 6.0's `'partition -changePw' successful.`; after a PED key change 7.x
 * prints `Warning: PED key change has caused Crypto Officer role deactivation.` (reactivate the partition).
 */
export function parsePartitionChangePw(
  text: string,
): Result<{ successful: true; deactivated: boolean }, ParseError> {
  const lines = contentLines(text)
  const deactivated = lines.some((l) => /PED key change has caused .* deactivation/i.test(l))
  if (lines.some((l) => /^\s*'?partition -?changePw'? successful\.?\s*$/i.test(l)) || deactivated)
    return ok({ successful: true, deactivated })
  return parseError('partition changePw: no "\'partition changePw\' successful." line was found.')
}

/**
 * Passwords are typed at the appliance's prompts, never put on the command line (where they would be echoed):
 * on a PED HSM the row answers lunash's menu with the choice in the `credential` field, then the challenge prompts.
 */
export const partitionChangePw = command({
  id: 'partition.changePw',
  title: 'Change a partition password (challenge) or PED key',
  validate: (f: ChangePw) => [v.partitionName(f.partition), credential(f.credential)],
  text: (f: ChangePw) => `partition changePw -partition ${f.partition}`,
  prompts: CHALLENGE_PROMPTS,
  promptsFor: (f: ChangePw) => (f.credential === 'ped-key' ? PED_KEY_PROMPTS : CHALLENGE_PROMPTS),
  parse: parsePartitionChangePw,
  ...WITH_PED,
})
