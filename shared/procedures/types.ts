/**
 * The shape of a guided procedure: what the panel shows and runs (its actions, with the labels of their form
 * fields), and how the Overview judges it done from what was read back from the appliance. Each procedure is
 * described once, in the area files beside this one; the panels, the Overview, the host and the CLI read them.
 */
import type { secretIds } from '../api'
import type { FileFilter, FilePurpose } from '../api/files'
import type { ClientShow } from '../lunash/parse/client'
import type { HsmLicenses, HsmPolicies, HsmShow } from '../lunash/parse/hsm'
import type { NetworkShow } from '../lunash/parse/network'
import type { NtlsShow } from '../lunash/parse/ntls'
import type { PartitionRow } from '../lunash/parse/partition'
import type { StatusDate } from '../lunash/parse/status'

export type SecretId = (typeof secretIds)[number]

export interface FieldDef {
  name: string
  label: string
  kind?: 'text' | 'number' | 'select' | 'checkbox'
  options?: readonly string[]
  initial?: string
  placeholder?: string
  /** Sent as a number. */
  numeric?: true
  /** One value for every form beside this console (the partition, the client): typed once, used everywhere. */
  shared?: true
  /** A second input that must match this field before Run is enabled (the HSM label, typed twice). */
  repeat?: string
  /** A local path: the form offers Browse… (the OS dialog, or the browser host's chooser). */
  path?: { purpose: FilePurpose; filters?: FileFilter[] }
}

export interface SecretDef {
  id: SecretId
  label: string
  /** Ask twice; Run stays disabled until both match. */
  confirm?: boolean
  /** Left empty: the host takes it from the keychain, or asks in the app when the appliance prompts. */
  optional?: boolean
}

export interface ActionDef {
  /** A command row of shared/lunash/commands, by id. */
  commandId: string
  /** The Run button's name. */
  run: string
  fields?: FieldDef[]
  secrets?: SecretDef[]
  note?: string
  /** Fixed fields not shown in the form (e.g. service ntls). */
  fixed?: Record<string, string | number | boolean>
  /** Presets: buttons that fill the form (policy 16 for HA). */
  presets?: { label: string; values: Record<string, string> }[]
  /** A local file pushed to the appliance over SCP before this command runs (firmware package). */
  upload?: true
}

/** What the Overview reads from the appliance, as it knows it. */
export interface Snapshot {
  /** The name in the lunash prompt (`[name] lunash:>`), as the reads saw it. */
  promptName?: string
  hsm?: HsmShow
  licences?: HsmLicenses
  policies?: HsmPolicies
  network?: NetworkShow
  ntls?: NtlsShow
  partitions?: PartitionRow[]
  clients?: string[]
  /** `client show` of each registered client, by name. */
  clientDetails?: Record<string, ClientShow>
  time?: { date?: StatusDate; zone?: string }
  ntpServers?: string[]
}

/** A step Rackside completed (read back and proven), with the fields it set. */
export interface DoneRecord {
  commandId: string
  fields: Record<string, unknown>
  at: string
}

/** The areas the Overview reads (each one or more lunash reads); a failed read is reported by its area. */
export type ReadArea =
  | 'hsm'
  | 'licences'
  | 'hsm policies'
  | 'network'
  | 'ntls'
  | 'partitions'
  | 'clients'
  | 'time'
  | 'ntp'

/**
 * How the Overview judges one part of a procedure done. Most procedures have one; NTLS has two (the certificate
 * and the binding are set apart and read apart); a procedure that only reads (ping, HSM status) has none.
 */
export interface DoneCheck {
  /** The id `status --json` and the Overview give this mark. */
  id: string
  title: string
  /** The areas its mark rests on: if one was not read, the mark is unknown, with why. */
  reads: ReadArea[]
  /** Commands (of this procedure's actions) whose done record this check compares with the appliance. */
  commands: string[]
  /** With a record: does the appliance still hold what was set? undefined: it cannot be compared. */
  holds?(s: Snapshot, fields: Record<string, unknown>): boolean | undefined
  /** Without a record: does the appliance look configured? A string: it cannot say, and why. */
  looksDone(s: Snapshot): boolean | string
  evidence(s: Snapshot): string
}

export interface Procedure {
  id: string
  title: string
  /** What the HID guide says, in a sentence. */
  guide: string
  actions: ActionDef[]
  /** A warning shown above the forms. */
  warning?: string
  done: DoneCheck[]
}
