/**
 * High Availability on the client (HID: "About High Availability Mode"): one virtual slot over a partition on
 * each appliance. Rackside runs `vtl haAdmin` in the tools console and reads `vtl haAdmin show` back after
 * every change; the partition password is the one kept in the keychain, which the host reads itself.
 */
import { action, typed, type HaGroup, type ResultOf, type StepDef, type WizardContext } from './model'

/** An HA group is worth having once it spans two partitions. */
export const haGroupFormed = (groups: readonly HaGroup[] | undefined): boolean =>
  (groups ?? []).some((g) => g.members.length >= 2)

/** Partitions this client reaches (vtl verify, else the trust link check): hints for the members' serials. */
export function visiblePartitions(ctx: WizardContext): { label: string; serial: string }[] {
  const verified = ctx.results.verify?.ok ? ctx.results.verify.facts : undefined
  if (Array.isArray(verified)) return verified as { label: string; serial: string }[]
  return (ctx.results.probe?.partitions ?? []).map((p) => ({ label: p.name, serial: p.serial }))
}

/** The kept partition password vtl uses: the partition named in the register step, on this appliance. */
const keptPassword = (ctx: WizardContext) =>
  ctx.appliance && typed(ctx, 'partition')
    ? { applianceId: ctx.appliance.profileId, partition: typed(ctx, 'partition') }
    : undefined
const groupName = (ctx: WizardContext) => typed(ctx, 'haGroup') || typed(ctx, 'haLabel')

type HaResult = ResultOf<'haShow'>
const failed = (v: HaResult) => !v.ok
/** Every haAdmin answer carries the groups read back; the step's tick follows the newest. */
const keeps = (v: HaResult) => (v.readBack ? { haGroups: v.readBack.groups } : undefined)

export const HA_STEPS: StepDef[] = [
  {
    id: 'ha',
    title: 'High Availability (optional)',
    guide:
      'With more than one appliance, one HA group makes their partitions a single virtual slot. Each appliance needs its partition, assigned to this client, with the same password; pick the group’s virtual slot in step {step:slot} afterwards. vtl uses the partition password kept in step {step:keychain}.',
    needs: ['register', 'verify', 'slot', 'cms-files', 'keychain'],
    body: [
      {
        hint: {
          note: true,
          when: (ctx) => visiblePartitions(ctx).length > 0,
          text: (ctx) =>
            `Partitions this client reaches: ${visiblePartitions(ctx)
              .map((p) => `${p.label} (${p.serial})`)
              .join(', ')}.`,
        },
      },
      {
        hint: {
          note: true,
          when: (ctx) => !keptPassword(ctx),
          text: 'Name the partition in step {step:register} and keep its password in step {step:keychain} first.',
        },
      },
      {
        action: action({
          id: 'haShow',
          label: 'Show the HA configuration',
          lone: true,
          params: () => ({ action: 'show' }),
          evidence: 'ha',
          bad: failed,
          keeps,
        }),
      },
      {
        action: action({
          id: 'haCreate',
          label: 'Create the HA group',
          fields: ['haLabel', 'haFirst'],
          ready: (ctx) => !!keptPassword(ctx) && typed(ctx, 'haLabel') !== '' && typed(ctx, 'haFirst') !== '',
          params: (ctx) => ({
            action: 'newGroup',
            label: typed(ctx, 'haLabel'),
            serial: typed(ctx, 'haFirst'),
            password: keptPassword(ctx)!,
          }),
          evidence: 'ha',
          bad: failed,
          keeps,
        }),
      },
      {
        action: action({
          id: 'haAdd',
          label: 'Add the member',
          fields: ['haGroup', 'haMember'],
          ready: (ctx) => !!keptPassword(ctx) && groupName(ctx) !== '' && typed(ctx, 'haMember') !== '',
          params: (ctx) => ({
            action: 'addMember',
            group: groupName(ctx),
            serial: typed(ctx, 'haMember'),
            password: keptPassword(ctx)!,
          }),
          evidence: 'ha',
          bad: failed,
          keeps,
        }),
      },
      {
        action: action({
          id: 'haOnly',
          label: 'Show only HA slots',
          params: () => ({ action: 'haOnly', enable: true }),
          also: [{ label: 'Show all slots', params: () => ({ action: 'haOnly', enable: false }) }],
          hint: {
            text: 'HA only hides the partitions’ own slots from applications: point cmsslot.ini and pkcs11.cfg (step {step:cms-files}) at the group’s virtual slot first, or CMS loses its slot.',
          },
          evidence: 'ha',
          bad: failed,
          keeps,
        }),
      },
      {
        action: action({
          id: 'haSync',
          label: 'Synchronize the group',
          lone: true,
          ready: (ctx) => groupName(ctx) !== '',
          params: (ctx) => ({ action: 'synchronize', group: groupName(ctx) }),
          evidence: 'ha',
          bad: failed,
          keeps,
        }),
      },
    ],
    done: (ctx) => haGroupFormed(ctx.haGroups),
  },
]
