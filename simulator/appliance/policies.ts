import type { Era } from './contract'

export interface PolicyDef {
  code: number
  description: string
  destructive: boolean
  defaultValue: number
}

/** HSM policies as `hsm showPolicies` lists them on 6.2.2 (S5). */
export const HSM_POLICIES: PolicyDef[] = [
  { code: 6, description: 'Allow masking', destructive: true, defaultValue: 1 },
  { code: 7, description: 'Allow cloning', destructive: true, defaultValue: 1 },
  { code: 12, description: 'Allow non-FIPS algorithms', destructive: true, defaultValue: 1 },
  { code: 15, description: 'SO can reset partition PIN', destructive: true, defaultValue: 1 },
  { code: 16, description: 'Allow network replication', destructive: false, defaultValue: 1 },
  { code: 20, description: 'Allow Remote Authentication', destructive: true, defaultValue: 1 },
  { code: 21, description: 'Force user PIN change after set/reset', destructive: false, defaultValue: 0 },
  { code: 22, description: 'Allow offboard storage', destructive: true, defaultValue: 1 },
  { code: 29, description: 'Allow Acceleration', destructive: true, defaultValue: 1 },
]

/** HSM policies as `hsm -showPolicies` lists them on firmware 4.6.1 (the HID guide): no 16, but 13. */
export const HSM_POLICIES_4X: PolicyDef[] = [
  { code: 6, description: 'Allow masking', destructive: true, defaultValue: 1 },
  { code: 7, description: 'Allow cloning', destructive: true, defaultValue: 1 },
  { code: 12, description: 'Allow non-FIPS algorithms', destructive: true, defaultValue: 1 },
  { code: 13, description: 'Allow M of N auto-activation', destructive: false, defaultValue: 1 },
  { code: 15, description: 'SO can reset partition PIN', destructive: true, defaultValue: 1 },
  { code: 20, description: 'Allow Remote Authentication', destructive: true, defaultValue: 1 },
  { code: 21, description: 'Force user PIN change after set/reset', destructive: false, defaultValue: 0 },
  { code: 22, description: 'Allow offboard storage', destructive: true, defaultValue: 1 },
]

/** The policy table of an era: the HID guide's 4.6.1 table for 4.x, the 6.2.2 one after. */
export function hsmPolicies(era: Era): PolicyDef[] {
  return era === 4 ? HSM_POLICIES_4X : HSM_POLICIES
}

/** The capabilities block of `hsm -showPolicies` on 4.6.1 (the HID guide, a PED HSM). */
export const HSM_CAPABILITIES_4X: { description: string; value: string }[] = [
  { description: 'Enable PIN-based authentication', value: 'Disallowed' },
  { description: 'Enable PED-based authentication', value: 'Allowed' },
  { description: 'Performance level', value: '9' },
  { description: 'Enable M of N', value: 'Allowed' },
  { description: 'Enable domestic mechanisms & key sizes', value: 'Allowed' },
  { description: 'Enable masking', value: 'Allowed' },
  { description: 'Enable cloning', value: 'Allowed' },
  { description: 'Enable special cloning certificate', value: 'Disallowed' },
  { description: 'Enable full (non-backup) functionality', value: 'Allowed' },
  { description: 'Enable ECC mechanisms', value: 'Allowed' },
  { description: 'Enable non-FIPS algorithms', value: 'Allowed' },
  { description: 'Enable MofN auto-activation', value: 'Allowed' },
  { description: 'Enable SO reset of partition PIN', value: 'Allowed' },
  { description: 'Enable network replication', value: 'Disallowed' },
  { description: 'Enable Korean Algorithms', value: 'Allowed' },
  { description: 'FIPS evaluated', value: 'Disallowed' },
  { description: 'Manufacturing Token', value: 'Disallowed' },
  { description: 'Enable Remote Authentication', value: 'Allowed' },
  { description: 'Enable forcing user PIN change', value: 'Allowed' },
  { description: 'Enable offboard storage', value: 'Allowed' },
  { description: 'Enable partition groups', value: 'Disallowed' },
  { description: 'Enable non-FIPS accelerator mode', value: 'Disallowed' },
]

/** HSM capabilities (`hsm showPolicies`, first block); from the procedure's 4.6.1 listing, PIN variant. */
export const HSM_CAPABILITIES: { description: string; password: string; ped: string }[] = [
  { description: 'Enable PIN-based authentication', password: 'Allowed', ped: 'Disallowed' },
  { description: 'Enable PED-based authentication', password: 'Disallowed', ped: 'Allowed' },
  { description: 'Performance level', password: '9', ped: '9' },
  { description: 'Enable M of N', password: 'Disallowed', ped: 'Allowed' },
  { description: 'Enable domestic mechanisms & key sizes', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable masking', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable cloning', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable special cloning certificate', password: 'Disallowed', ped: 'Disallowed' },
  { description: 'Enable full (non-backup) functionality', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable ECC mechanisms', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable non-FIPS algorithms', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable SO reset of partition PIN', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable network replication', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable Remote Authentication', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable forcing user PIN change', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable offboard storage', password: 'Allowed', ped: 'Allowed' },
  { description: 'Enable partition groups', password: 'Disallowed', ped: 'Disallowed' },
  { description: 'Enable Acceleration', password: 'Allowed', ped: 'Allowed' },
]

// unverified: NOT FOUND in reference. Partition policy names and codes follow the Luna 5/6 partition policy
// table as best remembered; 22 (activation) and 23 (auto-activation) are the ones the HID procedure names.
export const PARTITION_POLICIES: PolicyDef[] = [
  { code: 0, description: 'Allow private key cloning', destructive: false, defaultValue: 1 },
  { code: 1, description: 'Allow private key wrapping', destructive: false, defaultValue: 0 },
  { code: 2, description: 'Allow private key unwrapping', destructive: false, defaultValue: 1 },
  { code: 3, description: 'Allow private key masking', destructive: false, defaultValue: 0 },
  { code: 4, description: 'Allow secret key cloning', destructive: false, defaultValue: 1 },
  { code: 5, description: 'Allow secret key wrapping', destructive: false, defaultValue: 1 },
  { code: 6, description: 'Allow secret key unwrapping', destructive: false, defaultValue: 1 },
  { code: 7, description: 'Allow secret key masking', destructive: false, defaultValue: 0 },
  { code: 10, description: 'Allow multipurpose keys', destructive: false, defaultValue: 1 },
  { code: 11, description: 'Allow changing key attributes', destructive: false, defaultValue: 1 },
  { code: 15, description: 'Ignore failed challenge responses', destructive: false, defaultValue: 1 },
  { code: 16, description: 'Operate without RSA blinding', destructive: false, defaultValue: 1 },
  { code: 17, description: 'Allow signing with non-local keys', destructive: false, defaultValue: 1 },
  { code: 18, description: 'Allow raw RSA operations', destructive: false, defaultValue: 1 },
  { code: 20, description: 'Max failed user logins allowed', destructive: false, defaultValue: 10 },
  { code: 21, description: 'Allow high availability recovery', destructive: false, defaultValue: 1 },
  { code: 22, description: 'Allow activation', destructive: false, defaultValue: 0 },
  { code: 23, description: 'Allow auto-activation', destructive: false, defaultValue: 0 },
  {
    code: 25,
    description: 'Minimum pin length (inverted: 255 - min)',
    destructive: false,
    defaultValue: 248,
  },
  { code: 26, description: 'Maximum pin length', destructive: false, defaultValue: 255 },
  { code: 28, description: 'Allow Key Management Functions', destructive: false, defaultValue: 1 },
  { code: 29, description: 'Perform RSA signing without confirmation', destructive: false, defaultValue: 1 },
]

export function defaultPolicyValues(defs: PolicyDef[]): Record<string, number> {
  return Object.fromEntries(defs.map((d) => [String(d.code), d.defaultValue]))
}
