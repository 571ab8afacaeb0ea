/**
 * The second half of the client side: the PKCS#11 slot CMS uses, cmsslot.ini and pkcs11.cfg pointed at it from a
 * reviewed diff, and the partition's client password kept in the OS keychain.
 */
import { action, typed, type StepDef, type WizardContext } from './model'

export const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'

/** The operator's PKCS#11 library, if one was named (else the Luna client's). */
const library = (ctx: WizardContext) => (typed(ctx, 'library') ? { library: typed(ctx, 'library') } : {})

const apply = (id: 'iniApply' | 'cfgApply', preview: 'iniPreview' | 'cfgPreview', file: string) =>
  action({
    id,
    label: `Apply ${file}`,
    lone: true,
    primary: true,
    once: true,
    params: (ctx) => ({ previewId: ctx.results[preview]?.previewId ?? '' }),
    evidence: (r) =>
      r.written
        ? `Written to ${r.path}${r.backupPath ? `; the previous file is kept as ${r.backupPath}` : ''}.`
        : `${r.path} already said this; nothing was written.`,
  })

export const CMS_STEPS: StepDef[] = [
  {
    id: 'slot',
    title: 'Pick the PKCS#11 slot',
    guide:
      'Rackside loads the Luna cryptoki library named in Chrystoki.conf and lists its PKCS#11 slots; pick the one CMS uses (a physical partition or an HA virtual slot).',
    needs: ['client'],
    body: [
      {
        hint: {
          note: true,
          when: (ctx) => ctx.isDemo || !!ctx.results.locate?.demo,
          text: `The demo appliance has no Luna cryptoki library. Point Rackside at another PKCS#11 library to try this step — for example SoftHSM2 at ${SOFTHSM}.`,
          fill: { field: 'library', value: SOFTHSM, label: 'Use SoftHSM2' },
        },
      },
      {
        action: action({
          id: 'slots',
          label: 'List the slots',
          fields: ['library'],
          params: library,
          evidence: 'slots',
        }),
      },
      { part: 'slot-choice' },
    ],
    done: (ctx) => ctx.choice !== undefined,
  },
  {
    id: 'cms-files',
    title: 'cmsslot.ini and pkcs11.cfg',
    guide:
      'ActivID CMS reads the slot from cmsslot.ini (TokenName or SlotID) and pkcs11.cfg (slot=). Review the diff, then Apply: Rackside checks the file did not change and the slot exists, keeps a timestamped backup and replaces the file atomically.',
    needs: ['slot'],
    body: [
      { hint: { text: (ctx) => ctx.cmsNote } },
      { row: ['iniPath', 'createIni'] },
      {
        action: action({
          id: 'copy',
          label: 'Copy cmsslot.ini from the distribution',
          fields: ['distribution'],
          ready: (ctx) => typed(ctx, 'distribution') !== '' && typed(ctx, 'iniPath') !== '',
          params: (ctx) => ({ path: typed(ctx, 'iniPath'), distributionFolder: typed(ctx, 'distribution') }),
          evidence: (v) =>
            v.source === 'existing'
              ? `${v.path} already exists; it was left as it is.`
              : `Copied from ${v.copiedFrom}.`,
        }),
      },
      {
        action: action({
          id: 'iniPreview',
          label: 'Preview cmsslot.ini',
          ready: (ctx) => ctx.choice !== undefined && typed(ctx, 'iniPath') !== '',
          resets: ['iniApply'],
          params: (ctx) => ({
            file: 'cmsslot.ini',
            path: typed(ctx, 'iniPath'),
            choice: ctx.choice!,
            ...(ctx.values.createIni ? { createIfMissing: true } : {}),
            ...library(ctx),
          }),
          evidence: 'cms-preview',
          then: apply('iniApply', 'iniPreview', 'cmsslot.ini'),
        }),
      },
      {
        action: action({
          id: 'cfgPreview',
          label: 'Preview pkcs11.cfg',
          fields: ['cfgPath'],
          ready: (ctx) => ctx.slot !== undefined && typed(ctx, 'cfgPath') !== '',
          resets: ['cfgApply'],
          params: (ctx) => ({
            file: 'pkcs11.cfg',
            path: typed(ctx, 'cfgPath'),
            choice: { by: 'slot-id', slotId: ctx.slot!.slotId },
            ...library(ctx),
          }),
          evidence: 'cms-preview',
          then: apply('cfgApply', 'cfgPreview', 'pkcs11.cfg'),
        }),
      },
      { hint: { when: (ctx) => !ctx.choice, text: 'Pick a slot in step {step:slot} first.' } },
    ],
    done: (ctx) => !!ctx.results.iniApply || !!ctx.results.cfgApply,
  },
  {
    id: 'keychain',
    title: 'Keep the client password in the keychain',
    guide:
      'The partition’s client password (the one the PED showed, or the one you set) is kept in the OS keychain under this appliance and partition. It is never written to a file, a log or a transcript.',
    needs: ['register'],
    body: [
      {
        action: action({
          id: 'keepPartition',
          label: 'Save in the keychain',
          fields: ['partitionPassword'],
          ready: (ctx) =>
            ctx.values.partitionPassword !== '' &&
            typed(ctx, 'partition') !== '' &&
            ctx.appliance !== undefined,
          params: (ctx) => ({
            account: {
              kind: 'partition',
              applianceId: ctx.appliance?.profileId ?? '',
              partition: typed(ctx, 'partition'),
            },
            secret: ctx.values.partitionPassword,
          }),
          clears: ['partitionPassword'],
          hint: {
            when: (ctx) => typed(ctx, 'partition') === '',
            text: 'Name the partition in step {step:register} first.',
          },
          evidence: (_, ctx) => `Kept in the OS keychain for partition ${typed(ctx, 'partition')}.`,
        }),
      },
    ],
    done: (ctx) => !!ctx.results.keepPartition,
  },
]
