/**
 * The client-side wizard as data: what a step is made of (its guide, fields, actions and hints), the fields the
 * operator fills in, and which host method each action calls. One step component (StepView) renders any step
 * from this, as the panels render their procedures from their catalog. The steps themselves are in
 * trust-link.ts and cms.ts, in the order of the HID guide.
 *
 * Text may name another step as `{step:<id>}`; it reads as that step's number, so the steps can be reordered
 * without a sentence pointing at the wrong one.
 */
import type {
  EventPayload,
  FileFilter,
  FilePurpose,
  MethodName,
  Params,
  RacksideApi,
  Result,
} from '../../../shared/api'

export type StepId =
  | 'client'
  | 'server-pem'
  | 'vtl'
  | 'push'
  | 'register'
  | 'trust-link'
  | 'verify'
  | 'slot'
  | 'cms-files'
  | 'keychain'
  | 'ha'

/** What the operator types, one value each for the whole wizard (a field shown in two steps is one value). */
export type FieldName =
  | 'folder'
  | 'reported'
  | 'server'
  | 'clientName'
  | 'registerName'
  | 'partition'
  | 'library'
  | 'iniPath'
  | 'createIni'
  | 'cfgPath'
  | 'distribution'
  | 'partitionPassword'
  | 'haLabel'
  | 'haFirst'
  | 'haGroup'
  | 'haMember'
export type Values = Readonly<Record<FieldName, string>>

export interface FieldDef {
  /** The visible label, which is also the control's accessible name. */
  label: string
  /** A checkbox's value is 'on' when ticked, '' when not. */
  kind?: 'text' | 'password' | 'checkbox'
  placeholder?: string | ((values: Values) => string)
  /** A local path: Browse… beside it (the OS dialog, or the browser host's chooser). */
  path?: { purpose: FilePurpose; kind?: 'file' | 'folder'; filters?: FileFilter[] }
}

export const FIELDS: Record<FieldName, FieldDef> = {
  folder: {
    label: 'Luna client folder',
    placeholder: '/usr/safenet/lunaclient',
    path: { purpose: 'client-folder', kind: 'folder' },
  },
  reported: {
    label: 'Server certificate fingerprint the appliance shows (optional)',
    placeholder: 'SHA256, SHA1 or MD5',
  },
  server: { label: 'Appliance name for vtl', placeholder: 'the console’s address' },
  clientName: {
    label: 'This computer’s name or IP (client certificate)',
    placeholder: 'cms01.example.com or 192.168.5.174',
  },
  registerName: { label: 'Client name on the appliance', placeholder: 'cms-server-1' },
  partition: { label: 'Partition', placeholder: 'cms' },
  library: {
    label: 'PKCS#11 library (empty: the Luna client’s)',
    placeholder: '/usr/safenet/lunaclient/libs/64/libCryptoki2_64.so',
    path: {
      purpose: 'cryptoki-library',
      filters: [{ name: 'PKCS#11 libraries', extensions: ['so', 'dll', 'dylib'] }],
    },
  },
  iniPath: {
    label: 'cmsslot.ini path',
    path: { purpose: 'config-file', filters: [{ name: 'cmsslot.ini', extensions: ['ini'] }] },
  },
  createIni: { label: 'Create it if it is missing', kind: 'checkbox' },
  cfgPath: {
    label: 'pkcs11.cfg path',
    path: { purpose: 'config-file', filters: [{ name: 'pkcs11.cfg', extensions: ['cfg'] }] },
  },
  distribution: {
    label: 'ActivID CMS distribution folder (optional)',
    path: { purpose: 'folder', kind: 'folder' },
  },
  partitionPassword: { label: 'Partition (client) password', kind: 'password' },
  haLabel: { label: 'HA group label', placeholder: 'cms_ha' },
  haFirst: { label: 'First member (partition serial)' },
  haGroup: { label: 'Group (label or number)', placeholder: (v) => v.haLabel.trim() },
  haMember: { label: 'Member (partition serial)' },
}

export const emptyValues = (): Record<FieldName, string> =>
  Object.fromEntries(Object.keys(FIELDS).map((name) => [name, ''])) as Record<FieldName, string>

/** Every action of the wizard and the one host method it calls: the list the host's contract must cover. */
export const ACTION_METHODS = {
  locate: 'client.locate',
  pull: 'client.pullServerPem',
  addServer: 'client.runVtl',
  servers: 'client.runVtl',
  createCert: 'client.runVtl',
  push: 'client.pushCert',
  register: 'runner.run',
  assign: 'runner.run',
  probe: 'client.probe',
  verify: 'client.runVtl',
  slots: 'client.listSlots',
  copy: 'client.cmsCopyFromDistribution',
  iniPreview: 'client.cmsPreview',
  iniApply: 'client.cmsApply',
  cfgPreview: 'client.cmsPreview',
  cfgApply: 'client.cmsApply',
  keepPartition: 'vault.set',
  haShow: 'client.haAdmin',
  haCreate: 'client.haAdmin',
  haAdd: 'client.haAdmin',
  haOnly: 'client.haAdmin',
  haSync: 'client.haAdmin',
} as const satisfies Record<string, MethodName>
export type ActionId = keyof typeof ACTION_METHODS
type MethodOf<A extends ActionId> = (typeof ACTION_METHODS)[A]
export type ResultOf<A extends ActionId> = Result<MethodOf<A>>

export type HaGroup = NonNullable<Result<'client.haAdmin'>['readBack']>['groups'][number]
export type Slot = Result<'client.listSlots'>['slots'][number]
export type SlotChoice = Params<'client.cmsPreview'>['choice']
export type ApplianceConsole = EventPayload<'runner.attached'>

/** What the wizard knows when a step decides what to offer and what to send. */
export interface WizardContext {
  values: Values
  /** The appliance console the wizard works through; '' when none is connected. */
  sessionId: string
  appliance: ApplianceConsole | undefined
  isDemo: boolean
  /** The last answer of each action (absent until it answered, or after an error). */
  results: { readonly [A in ActionId]?: ResultOf<A> }
  /** The slot picked in the slot step, and how cmsslot.ini names it. */
  slot: Slot | undefined
  choice: SlotChoice | undefined
  /** The HA groups the last `vtl haAdmin` read back. */
  haGroups: HaGroup[] | undefined
  /** What the host says about the default CMS file locations on this computer. */
  cmsNote: string
}

/** A field's value with the blanks around it gone: what a request carries. */
export const typed = (ctx: WizardContext, name: FieldName): string => ctx.values[name].trim()

/** The evidence views (evidence.tsx) and the answer each one shows. */
export interface EvidenceViews {
  'luna-client': Result<'client.locate'>
  'server-pem': Result<'client.pullServerPem'>
  vtl: Result<'client.runVtl'>
  'trust-link': Result<'client.probe'>
  slots: Result<'client.listSlots'>
  'cms-preview': Result<'client.cmsPreview'>
  ha: Result<'client.haAdmin'>
}
export type EvidenceKind = keyof EvidenceViews
/** The views that show exactly this answer. */
type ViewFor<T> = {
  [K in EvidenceKind]: [T] extends [EvidenceViews[K]] ? ([EvidenceViews[K]] extends [T] ? K : never) : never
}[EvidenceKind]

export interface Hint {
  text: string | ((ctx: WizardContext) => string)
  /** Shown only then (and only when the text is not empty). */
  when?: (ctx: WizardContext) => boolean
  /** A note (role="note") rather than plain text. */
  note?: true
  /** A link-styled button after the text that fills a field. */
  fill?: { field: FieldName; value: string; label: string }
}

/** The same action's other request, as its own button after the main one (vtl deleteServer beside listServers). */
export interface Alternative<A extends ActionId> {
  label: string
  params: (ctx: WizardContext) => Params<MethodOf<A>>
  when?: (ctx: WizardContext) => boolean
  ready?: (ctx: WizardContext) => boolean
  /** The button's tooltip. */
  title?: string
}

export interface ActionDef<A extends ActionId> {
  id: A
  /** The button's text (its accessible name). */
  label: string
  /** The fields laid out before the button. */
  fields?: FieldName[]
  /** The request, built from what the operator filled in. */
  params: (ctx: WizardContext) => Params<MethodOf<A>>
  /** Only where one request cannot say it: the host call, made otherwise (a second try with more facts). */
  request?: (ctx: WizardContext, host: RacksideApi) => Promise<ResultOf<A>>
  /** The button is enabled only then. */
  ready?: (ctx: WizardContext) => boolean
  /** How the answer reads back: a view of evidence.tsx, or a sentence. */
  evidence: ViewFor<ResultOf<A>> | ((value: ResultOf<A>, ctx: WizardContext) => string)
  /** An answer that arrived but reports a problem (a diagnosis, a failed vtl run). */
  bad?: (value: ResultOf<A>) => boolean
  /** A lone button: no fields, laid out on its own. */
  lone?: true
  primary?: true
  /** Shows the file transfer's progress while it runs. */
  progress?: true
  /** Between the button and the answer. */
  hint?: Hint
  also?: Alternative<A>[]
  /** Emptied once the host answered (a password, so it does not linger in the page). */
  clears?: FieldName[]
  /** Forgotten when this one runs (an Apply of an older preview). */
  resets?: ActionId[]
  /** Offered once: disabled while it runs and after it is done. */
  once?: true
  /** Shown inside this action's answer (Apply under its preview). */
  then?: AnyAction
  /** What the wizard keeps from an answer, whichever button of the action asked. */
  keeps?: (value: ResultOf<A>) => Partial<Pick<WizardContext, 'haGroups'>> | undefined
}

/** An action with its answer's type forgotten, so the steps of every kind sit in one list. */
export interface AnyAction {
  id: ActionId
  method: MethodName
  label: string
  fields?: FieldName[]
  params: (ctx: WizardContext) => unknown
  request?: (ctx: WizardContext, host: RacksideApi) => Promise<unknown>
  ready?: (ctx: WizardContext) => boolean
  evidence: EvidenceKind | ((value: unknown, ctx: WizardContext) => string)
  bad?: (value: unknown) => boolean
  lone?: true
  primary?: true
  progress?: true
  hint?: Hint
  also?: {
    label: string
    params: (ctx: WizardContext) => unknown
    when?: (ctx: WizardContext) => boolean
    ready?: (ctx: WizardContext) => boolean
    title?: string
  }[]
  clears?: FieldName[]
  resets?: ActionId[]
  once?: true
  then?: AnyAction
  keeps?: (value: unknown) => Partial<Pick<WizardContext, 'haGroups'>> | undefined
}

/** Declares an action; its method comes from ACTION_METHODS, so the answer's type is checked where it is read. */
export const action = <A extends ActionId>(def: ActionDef<A>): AnyAction =>
  ({ ...def, method: ACTION_METHODS[def.id] }) as unknown as AnyAction

/** The custom parts (parts.tsx) a step may hold where data cannot say it. */
export type PartId = 'admin-password' | 'slot-choice'

export type BodyItem =
  | { action: AnyAction }
  | { part: PartId }
  /** Fields on a row of their own, used by the actions after them. */
  | { row: FieldName[] }
  | { hint: Hint }

export interface StepDef {
  id: StepId
  title: string
  /** What the HID guide says, in a sentence or two. */
  guide: string
  /** The earlier steps whose results this one uses. */
  needs?: StepId[]
  body: BodyItem[]
  /** Whether the step's purpose is met, for the step list and the tick. */
  done: (ctx: WizardContext) => boolean
}

/** `{step:<id>}` as that step's number. */
export const referTo = (text: string, numberOf: (id: StepId) => number): string =>
  text.replace(/\{step:([a-z-]+)\}/g, (_, id: string) => String(numberOf(id as StepId)))

/** The step ids a text names. */
export const stepsNamedIn = (text: string): string[] =>
  [...text.matchAll(/\{step:([a-z-]+)\}/g)].map((m) => m[1]!)

/** Calls the host method `method` (`<area>.<name>`) of window.rackside. */
export function callHost(host: RacksideApi, method: MethodName, params: unknown): Promise<unknown> {
  const [area, name] = method.split('.') as [string, string]
  const group = (
    host as unknown as Record<string, Record<string, (p: unknown) => Promise<unknown>> | undefined>
  )[area]
  const call = group?.[name]
  if (!call) return Promise.reject(new Error(`The host has no method ${method}.`))
  return call(params)
}
