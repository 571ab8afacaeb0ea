/** The HSM inside the appliance: licences, init, login, status, policies, firmware. */
import * as v from '../validate'
import { expectNothing, expectSuccess, parsePolicyChanged } from '../parse/success'
import { parseHsmDisplayLicenses, parseHsmShow, parseHsmShowPolicies, parseHsmUpdateShow } from '../parse/hsm'
import { command, confirm, noFields, notProven, password, ped, proven, readBack } from './spec'

const SHORT = { timeoutMs: 15_000, capMs: 60_000 }
/** PED operations wait for a person at the PED (key timeout 200 s each, several keys). */
const WITH_PED = { timeoutMs: 60_000, capMs: 15 * 60_000 }

export const hsmShow = command({
  id: 'hsm.show',
  title: 'Show the HSM status',
  validate: noFields,
  text: () => 'hsm show',
  prompts: [],
  parse: parseHsmShow,
  timeoutMs: 30_000,
  capMs: 90_000,
})

export const hsmDisplayLicenses = command({
  id: 'hsm.displayLicenses',
  title: 'Show the HSM licences (partitions allowed)',
  validate: noFields,
  text: () => 'hsm displayLicenses',
  prompts: [],
  parse: parseHsmDisplayLicenses,
  unverified: true,
  ...SHORT,
})

export const hsmShowPolicies = command({
  id: 'hsm.showPolicies',
  title: 'Show the HSM policies',
  validate: noFields,
  text: () => 'hsm showPolicies',
  prompts: [],
  parse: parseHsmShowPolicies,
  // The HID guide (firmware 4.6.1): `hsm -showPolicies`.
  syntax: { 4: { text: () => 'hsm -showPolicies' } },
  ...SHORT,
})

const soPassword = password(/Please enter (?:the )?HSM Administrators?'? password:?/i, 'hsm-so-password')

export const hsmLogin = command({
  id: 'hsm.login',
  title: 'Log in as HSM Administrator (SO)',
  validate: noFields,
  text: () => 'hsm login',
  prompts: [
    soPassword,
    confirm(/LAST available HSM Admin login attempt[\s\S]*?proceed/i, {
      destructive: true,
      warning:
        'This is the last login attempt: one more wrong password zeroizes the HSM and erases every partition.',
    }),
    ped(),
  ],
  parse: expectSuccess('hsm login'),
  readBack: readBack(
    hsmShow,
    () => ({}),
    (facts) =>
      facts.adminLoggedIn
        ? proven('hsm show: HSM Admin login status Logged In')
        : notProven('hsm show: not logged in.'),
  ),
  ...WITH_PED,
})

export const hsmLogout = command({
  id: 'hsm.logout',
  title: 'Log out the HSM Administrator',
  validate: noFields,
  text: () => 'hsm logout',
  prompts: [],
  parse: expectSuccess('hsm logout'),
  readBack: readBack(
    hsmShow,
    () => ({}),
    (facts) =>
      facts.adminLoggedIn ? notProven('hsm show: still logged in.') : proven('hsm show: Not Logged In'),
  ),
  ...SHORT,
})

export const hsmInit = command({
  id: 'hsm.init',
  title: 'Initialise the HSM',
  destructive: true,
  validate: (f: { label: string }) => [v.hsmLabel(f.label)],
  text: (f) => `hsm init -label ${f.label}`,
  prompts: [
    password(/Please enter a password for the HSM Administrator:?/i, 'hsm-so-password'),
    password(/Please re-enter password to confirm:?/i, 'hsm-so-password', true),
    password(
      /Please enter (?:a|the) cloning domain to use for initializing this HSM[^:\n]*:?/i,
      'hsm-domain',
    ),
    password(/Please re-enter cloning domain to confirm:?/i, 'hsm-domain', true),
    confirm(/type '?proceed'?/i, {
      destructive: true,
      expect: (f: { label: string }) => f.label,
      warning:
        'Initialising erases the HSM: every partition, key and object, and the SO and domain secrets are replaced.',
    }),
    ped(),
  ],
  parse: expectSuccess('hsm init'),
  readBack: readBack(
    hsmShow,
    () => ({}),
    (facts, f: { label: string }) =>
      facts.label === f.label && !facts.zeroized
        ? proven(`hsm show: HSM Label ${facts.label}`)
        : notProven(`hsm show gives label "${facts.label ?? 'no label'}", not ${f.label}.`),
  ),
  ...WITH_PED,
})

/**
 * Whether changing a policy zeroizes the HSM, as the `Destructive` column of the real policy tables says: the HID
 * guide's 4.6.1 table and the 6.2.2 table (reference §2.5). A code neither table lists counts as destructive.
 */
export const HSM_POLICY_DESTRUCTIVE: Readonly<Record<number, boolean>> = {
  6: true, // Allow masking
  7: true, // Allow cloning
  12: true, // Allow non-FIPS algorithms
  13: false, // Allow M of N auto-activation
  15: true, // SO can reset partition PIN
  16: false, // Allow network replication
  20: true, // Allow Remote Authentication
  21: false, // Force user PIN change after set/reset
  22: true, // Allow offboard storage
  29: true, // Allow Acceleration
}

type PolicyChange = { code: number; value: number }

export const hsmChangePolicy = command({
  id: 'hsm.changePolicy',
  title: 'Change an HSM policy',
  destructive: true,
  destructiveFor: (f: PolicyChange) => HSM_POLICY_DESTRUCTIVE[Number(f.code)] !== false,
  validate: (f: PolicyChange) => [v.policyCode(f.code), v.policyValue(f.value)],
  text: (f) => `hsm changePolicy -policy ${f.code} -value ${f.value}`,
  prompts: [
    // The appliance's own word: whatever the tables say, a question about a destructive policy is one.
    confirm(/change the destructive policy[\s\S]*?type '?proceed'?/i, {
      destructive: true,
      guard: true,
      warning:
        'The appliance calls this policy destructive: changing it zeroizes the HSM and erases every partition.',
    }),
    confirm(/type '?proceed'?/i, {
      destructive: true,
      warning: 'This policy is destructive: changing it zeroizes the HSM and erases every partition.',
    }),
  ],
  parse: parsePolicyChanged,
  readBack: readBack(
    hsmShowPolicies,
    () => ({}),
    (facts, f: PolicyChange) => {
      const row = facts.policies.find((p) => p.code === f.code)
      if (!row) return notProven(`hsm showPolicies has no policy ${f.code}.`)
      const on = /^(on|1|true|yes|allowed)$/i.test(row.value)
      const off = /^(off|0|false|no|disallowed)$/i.test(row.value)
      const matches = row.value === String(f.value) || (f.value === 1 && on) || (f.value === 0 && off)
      return matches
        ? proven(`hsm showPolicies: ${row.description} = ${row.value}`)
        : notProven(`hsm showPolicies: ${row.description} is ${row.value}.`)
    },
  ),
  // The HID guide: `hsm -changePolicy -policy 16 -value 1`.
  syntax: { 4: { text: (f) => `hsm -changePolicy -policy ${f.code} -value ${f.value}` } },
  ...SHORT,
})

export const hsmUpdateShow = command({
  id: 'hsm.update.show',
  title: 'Show firmware updates available to the HSM',
  validate: noFields,
  text: () => 'hsm update show',
  prompts: [],
  parse: parseHsmUpdateShow,
  unverified: true,
  ...SHORT,
})

export const hsmUpdateFirmware = command({
  id: 'hsm.update.firmware',
  title: 'Update the HSM firmware',
  destructive: true,
  validate: (f: { expectedFirmware: string }) => [v.firmwareVersion(f.expectedFirmware)],
  text: () => 'hsm update firmware',
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      warning:
        'The firmware update cannot be reversed. Connected clients are dropped; stop NTLS first. Activated partitions must be reactivated afterwards.',
    }),
    ped(),
  ],
  parse: expectNothing,
  readBack: readBack(
    hsmShow,
    () => ({}),
    (facts, f: { expectedFirmware: string }) =>
      facts.firmware === f.expectedFirmware
        ? proven(`hsm show: Firmware ${facts.firmware}`)
        : notProven(`hsm show gives firmware ${facts.firmware}, not ${f.expectedFirmware}.`),
  ),
  timeoutMs: 120_000,
  capMs: 20 * 60_000,
})
