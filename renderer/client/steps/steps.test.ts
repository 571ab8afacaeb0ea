import { describe, expect, it } from 'vitest'
import { methodNames, methods } from '../../../shared/api'
import { allCommands } from '../../../shared/lunash/commands'
import { FACT_COMMANDS } from './appliance-facts'
import {
  ACTION_METHODS,
  CLIENT_STEPS,
  FIELDS,
  emptyValues,
  stepNumber,
  stepsNamedIn,
  withStepNumbers,
  type AnyAction,
  type Hint,
  type ResultOf,
  type StepDef,
  type WizardContext,
} from './index'

/** Every action of a step, the ones shown inside another's answer (Apply) included. */
const actionsOf = (step: StepDef): AnyAction[] =>
  step.body.flatMap((item) =>
    'action' in item ? [item.action, ...(item.action.then ? [item.action.then] : [])] : [],
  )
const allActions = CLIENT_STEPS.flatMap(actionsOf)
/** The actions a step shows before anything answered. */
const shownFirst = CLIENT_STEPS.flatMap((s) =>
  s.body.flatMap((item) => ('action' in item ? [item.action] : [])),
)
const hintsOf = (step: StepDef): Hint[] =>
  step.body.flatMap((item) =>
    'hint' in item ? [item.hint] : 'action' in item && item.action.hint ? [item.action.hint] : [],
  )

/** Nothing typed, no appliance console: the wizard as a newcomer first opens it. */
const fresh: WizardContext = {
  values: emptyValues(),
  sessionId: '',
  appliance: undefined,
  isDemo: false,
  results: {},
  slot: undefined,
  choice: undefined,
  haGroups: undefined,
  cmsNote: '',
}

const slot = {
  slotId: 3,
  description: 'SoftHSM slot',
  tokenPresent: true,
  token: { label: 'cms', serial: '0123456789', model: 'SoftHSM v2' },
}
/** A CMS file preview that would change the file, as the host returns it for `/etc/cms/<file>`. */
const changedPreview = (previewId: string, file: ResultOf<'iniPreview'>['file']): ResultOf<'iniPreview'> => ({
  previewId,
  path: `/etc/cms/${file}`,
  file,
  existed: true,
  encoding: 'utf-8',
  bom: false,
  changed: true,
  diff: '',
  changes: [],
  warnings: [],
})
/** Every field filled in, a demo console, a slot picked and both previews made. */
const filled: WizardContext = {
  ...fresh,
  values: {
    ...emptyValues(),
    folder: '/usr/safenet/lunaclient',
    reported: 'SHA256:0f:1e',
    server: 'hsm1.example.com',
    clientName: '192.168.5.174',
    registerName: 'cms-server-1',
    partition: 'cms',
    library: '/usr/lib/softhsm/libsofthsm2.so',
    iniPath: '/etc/cms/cmsslot.ini',
    createIni: 'on',
    cfgPath: '/etc/cms/pkcs11.cfg',
    distribution: '/opt/cms/dist',
    partitionPassword: 'Par-Test-Passw0rd!',
    haLabel: 'cmsha',
    haFirst: '1234567',
    haMember: '7654321',
  },
  sessionId: 's-0000000a',
  appliance: { sessionId: 's-0000000a', profileId: 'demo-1', title: 'Demo appliance' },
  isDemo: true,
  slot,
  choice: { by: 'token-name', tokenName: 'cms' },
  results: {
    iniPreview: changedPreview('pv-0123456789abcdef', 'cmsslot.ini'),
    cfgPreview: changedPreview('pv-fedcba9876543210', 'pkcs11.cfg'),
  },
}

/** Each request a button would send in `ctx`, with the button's name: the main one and its alternatives. */
function requests(ctx: WizardContext, actions: AnyAction[]) {
  return actions.flatMap((a) => [
    ...(!a.ready || a.ready(ctx) ? [{ label: a.label, method: a.method, params: a.params(ctx) }] : []),
    ...(a.also ?? [])
      .filter((o) => (!o.when || o.when(ctx)) && (!o.ready || o.ready(ctx)))
      .map((o) => ({ label: o.label, method: a.method, params: o.params(ctx) })),
  ])
}

describe('the client wizard’s steps', () => {
  it('have distinct ids and titles, and every action id once', () => {
    expect(new Set(CLIENT_STEPS.map((s) => s.id)).size).toBe(CLIENT_STEPS.length)
    expect(new Set(CLIENT_STEPS.map((s) => s.title)).size).toBe(CLIENT_STEPS.length)
    expect(allActions.map((a) => a.id).sort()).toEqual(Object.keys(ACTION_METHODS).sort())
  })

  it('call only methods the host’s contract has, each action the one its table names', () => {
    for (const a of allActions) {
      expect(methodNames).toContain(a.method)
      expect(a.method).toBe(ACTION_METHODS[a.id])
    }
  })

  it('need only earlier steps, and name in their text only steps they need', () => {
    CLIENT_STEPS.forEach((step, i) => {
      for (const need of step.needs ?? []) {
        const at = CLIENT_STEPS.findIndex((s) => s.id === need)
        expect(at, `${step.id} needs ${need}`).toBeGreaterThanOrEqual(0)
        expect(at, `${step.id} needs ${need}, a later step`).toBeLessThan(i)
      }
      const texts = [step.guide, ...hintsOf(step).map((h) => (typeof h.text === 'string' ? h.text : ''))]
      for (const named of texts.flatMap(stepsNamedIn)) expect(step.needs ?? []).toContain(named)
    })
  })

  it('read step references as the step’s number', () => {
    expect(stepNumber('client')).toBe(1)
    expect(stepNumber('ha')).toBe(CLIENT_STEPS.length)
    expect(withStepNumbers('Pick a slot in step {step:slot} first.')).toBe(
      `Pick a slot in step ${CLIENT_STEPS.findIndex((s) => s.id === 'slot') + 1} first.`,
    )
    for (const step of CLIENT_STEPS) expect(withStepNumbers(step.guide)).not.toMatch(/\{step:/)
  })

  it('give every control a distinct accessible name', () => {
    const fieldLabels = Object.values(FIELDS).map((f) => f.label)
    expect(new Set(fieldLabels).size).toBe(fieldLabels.length)
    const buttons = allActions.flatMap((a) => [a.label, ...(a.also ?? []).map((o) => o.label)])
    expect(new Set(buttons).size).toBe(buttons.length)
    const used = CLIENT_STEPS.flatMap((s) =>
      s.body.flatMap((item) =>
        'row' in item ? item.row : 'action' in item ? (item.action.fields ?? []) : [],
      ),
    )
    expect(new Set(used)).toEqual(new Set(Object.keys(FIELDS)))
  })

  it('are not done before anything was done', () => {
    for (const step of CLIENT_STEPS) expect(step.done(fresh), step.id).toBe(false)
  })

  it('offer nothing that needs a console or a typed value before there is one', () => {
    const offered = requests(
      fresh,
      CLIENT_STEPS.flatMap((s) => s.body.flatMap((i) => ('action' in i ? [i.action] : []))),
    )
    expect(offered.map((r) => r.label).sort()).toEqual(
      [
        'List the slots',
        'Locate the Luna client',
        'Run vtl listServers',
        'Run vtl verify',
        'Show all slots',
        'Show only HA slots',
        'Show the HA configuration',
      ].sort(),
    )
  })

  it('send, from any enabled button, a request the host’s contract accepts', () => {
    for (const ctx of [fresh, filled]) {
      const sent = requests(ctx, ctx === fresh ? shownFirst : allActions)
      for (const { label, method, params } of sent) {
        const checked = methods[method].params.safeParse(params)
        expect(checked.success, `${label}: ${JSON.stringify(checked.error?.issues)}`).toBe(true)
      }
    }
    // Filled in, every button is enabled.
    expect(requests(filled, allActions)).toHaveLength(
      allActions.length + allActions.reduce((n, a) => n + (a.also?.length ?? 0), 0),
    )
  })

  it('run on the appliance only lunash commands the runner knows', () => {
    const known = new Set(allCommands.map((c) => c.id))
    const runs = requests(filled, allActions).filter((r) => r.method === 'runner.run')
    expect(runs.map((r) => (r.params as { commandId: string }).commandId)).toEqual([
      'client.register',
      'client.assignPartition',
    ])
    for (const id of [...runs.map((r) => (r.params as { commandId: string }).commandId), ...FACT_COMMANDS])
      expect(known, id).toContain(id)
  })
})
