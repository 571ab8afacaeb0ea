/** Form fields more than one procedure asks for: typed once beside a console, used by every form there. */
import type { ActionDef, FieldDef, SecretDef } from './types'

export const partitionField: FieldDef = {
  name: 'partition',
  label: 'Partition name',
  placeholder: 'cms-partition',
  shared: true,
}

export const clientField: FieldDef = {
  name: 'client',
  label: 'Client name',
  placeholder: 'cms-server-1',
  shared: true,
}

/** The admin password an SCP upload logs in with (left empty: from the keychain). */
export const uploadPassword: SecretDef = {
  id: 'appliance-current-password',
  label: 'Admin password (for the upload)',
  optional: true,
}

/** The HSM Administrator login, before the HSM's own commands. */
export const hsmLogin: ActionDef = {
  commandId: 'hsm.login',
  run: 'Log in as HSM Administrator',
  secrets: [{ id: 'hsm-so-password', label: 'HSM Administrator password', optional: true }],
}
