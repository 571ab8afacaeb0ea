/**
 * The guided procedures, in the order of the HID guide: the panels show them, the Overview marks their
 * done-checks, the host and `rackside status --json` judge them. Each lives in the file of its area.
 */
import { clients } from './clients'
import { firmware } from './firmware'
import { hsmInit, hsmPolicies, hsmStatus, licences } from './hsm'
import { dns, hostname, networkInterface, ping } from './network'
import { ntls } from './ntls'
import { partitions } from './partitions'
import { firstLogin, ntp, time } from './system'
import type { ActionDef, DoneCheck, Procedure } from './types'

export type * from './types'
export { READ_AREAS } from './snapshot'
export { ZONES } from './system'

export const PROCEDURES: readonly Procedure[] = [
  firstLogin,
  time,
  hostname,
  dns,
  networkInterface,
  ping,
  ntp,
  ntls,
  licences,
  hsmInit,
  hsmPolicies,
  hsmStatus,
  partitions,
  clients,
  firmware,
]

/** Every done-check, in the procedures' order: the rows of the Overview's marks. */
export const DONE_CHECKS: readonly DoneCheck[] = PROCEDURES.flatMap((p) => p.done)

/** Form values as the host expects them: numbers for number fields, fixed fields added. */
export function toFields(
  action: ActionDef,
  values: Record<string, string>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { ...(action.fixed ?? {}) }
  for (const f of action.fields ?? []) {
    if (action.upload && f.name === 'localPath') continue
    const raw = values[f.name] ?? f.initial ?? ''
    out[f.name] = f.kind === 'number' || f.numeric ? Number(raw) : raw
  }
  return out
}
