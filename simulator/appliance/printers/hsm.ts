import type { EraProfile } from '../eras'
import type { ApplianceState } from '../state'
import { HSM_CAPABILITIES, HSM_CAPABILITIES_4X, HSM_POLICIES, hsmPolicies } from '../policies'

/** Space the HSM itself uses before any partition exists (5.3 transcript: 104857 in use with one partition). */
const HSM_OVERHEAD_BYTES = 2156

export function hsmLabel(state: ApplianceState): string {
  return state.hsm.initialized && state.hsm.label ? state.hsm.label : 'no label'
}

/** The 7.x lines and figures of the one 7.x `hsm show` in the corpus (Azure Dedicated HSM, 7.2.0-220). */
const K7_PART_NUMBER = '808-000066-001'
const K7_ENVIRONMENT: [string, string][] = [
  ['Battery Voltage', '3.093 V'],
  ['Battery Warning Threshold Voltage', '2.750 V'],
  ['System Temp', '35 deg. C'],
  ['System Temp Warning Threshold', '75 deg. C'],
]

/**
 * `hsm show`: 5.1/5.3 layout (S4, with its trailing spaces after two headings); 6.x model and partition-count lines
 * (S5, 6.2.2-5); 7.x part number, transport mode, tamper state and environmental block (7.2.0-220, corpus 7/).
 */
export function printHsmShow(state: ApplianceState, profile: EraProfile): string {
  if (state.era === 4) return printHsmShow4x(state, profile)
  const hsm = state.hsm
  const field = (name: string, value: string): string => `   ${`${name}:`.padEnd(36)}${value}\n`
  const attempts = hsm.zeroized ? 'HSM IS ZEROIZED !!!!' : `${hsm.loginAttemptsLeft} before HSM zeroization!`
  const used = HSM_OVERHEAD_BYTES + state.partitions.length * profile.partitionTotalBytes
  let partitions: string
  if (state.era === 5) {
    partitions =
      '   Partitions created on HSM: \n' +
      '   ==========================\n' +
      (state.partitions.length === 0
        ? '   There are no partitions.\n\n'
        : state.partitions.map((p) => `   Partition: ${p.serial},     Name: ${p.name}\n`).join(''))
  } else {
    partitions =
      '   Partitions created on HSM:\n' +
      '   ==============================\n' +
      (state.partitions.length === 0
        ? // 7.2.0-220 prints this and two blank lines before the counts; unverified for 6.x (no empty 6.x seen).
          '   There are no partitions.\n\n\n'
        : // unverified for 7.x: only a 7.x HSM without partitions was seen; this is the 6.2.2 partition line.
          state.partitions.map((p) => `   Partition:            ${p.serial}, Name: ${p.name}\n`).join('')) +
      `   ${'Number of partitions allowed:'.padEnd(37)}${hsm.partitionsAllowed}\n` +
      `   ${'Number of partitions created:'.padEnd(37)}${state.partitions.length}\n`
  }
  const k7 = state.era === 7
  return (
    '\n\n' +
    '   Appliance Details:\n' +
    '   ==================\n' +
    `   ${'Software Version:'.padEnd(33)}${state.software.version}\n` +
    '\n' +
    (state.era === 5 ? '   HSM Details: \n' : '   HSM Details:\n') +
    '   ============\n' +
    // 7.2.0-220 prints nothing after `HSM Label:` on an HSM without one; 5.1 prints `no label`.
    (k7 && hsmLabel(state) === 'no label' ? '   HSM Label:\n' : field('HSM Label', hsmLabel(state))) +
    field('Serial #', state.serial) +
    field('Firmware', hsm.firmware) +
    `   ${profile.hardwareModelLine}\n` +
    (k7 ? field('HSM Part Number', K7_PART_NUMBER) : '') +
    field('Authentication Method', hsm.authMethod === 'ped' ? 'PED keys' : 'Password') +
    field('HSM Admin login status', hsm.soLoggedIn ? 'Logged In' : 'Not Logged In') +
    field('HSM Admin login attempts left', attempts) +
    field('RPV Initialized', 'No') +
    // 5.1 has no audit role and no remote login lines (S4, 5.1.0-25).
    (state.software.version.startsWith('5.1')
      ? ''
      : field('Audit Role Initialized', 'No') + field('Remote Login Initialized', 'No')) +
    field('Manually Zeroized', 'No') +
    (k7 ? field('Secure Transport Mode', 'No') + field('HSM Tamper State', 'No tamper(s)') : '') +
    '\n' +
    partitions +
    '\n' +
    '   FIPS 140-2 Operation:\n' +
    '   =====================\n' +
    `   The HSM is ${hsm.fips ? '' : 'NOT '}in FIPS 140-2 approved operation mode.\n` +
    '\n' +
    '   HSM Storage Information:\n' +
    '   ========================\n' +
    `   ${'Maximum HSM Storage Space (Bytes):'.padEnd(37)}${profile.hsmStorageBytes}\n` +
    `   ${'Space In Use (Bytes):'.padEnd(37)}${used}\n` +
    `   ${'Free Space Left (Bytes):'.padEnd(37)}${profile.hsmStorageBytes - used}\n` +
    (k7
      ? '\n' +
        '   Environmental Information on HSM:\n' +
        '   =================================\n' +
        K7_ENVIRONMENT.map(([name, value]) => `   ${`${name}:`.padEnd(37)}${value}\n`).join('') +
        '\n'
      : '') +
    '\n'
  )
}

/**
 * `hsm show` as the HID guide prints it for software 3.3.0-5: no RPV, audit, remote-login or storage lines, but
 * `MofN activation status`. The guide collapsed the spacing; the 5.3 columns are used.
 */
function printHsmShow4x(state: ApplianceState, profile: EraProfile): string {
  const hsm = state.hsm
  const field = (name: string, value: string): string => `   ${`${name}:`.padEnd(36)}${value}\n`
  const attempts = hsm.zeroized ? 'HSM IS ZEROIZED !!!!' : `${hsm.loginAttemptsLeft} before HSM zeroization!`
  const partitions =
    state.partitions.length === 0
      ? '   There are no partitions.\n'
      : // unverified: the guide shows no partition line in 4.x `hsm show`; this is the 5.1 form.
        state.partitions.map((p) => `   Partition: ${p.serial},     Name: ${p.name}\n`).join('')
  return (
    '\n\n' +
    '   Appliance Details:\n' +
    '   ==================\n' +
    `   ${'Software Version:'.padEnd(33)}${state.software.version}\n` +
    '\n' +
    '   HSM Details:\n' +
    '   ============\n' +
    field('HSM Label', hsmLabel(state)) +
    field('Serial #', state.serial) +
    field('Firmware', hsm.firmware) +
    `   ${profile.hardwareModelLine}\n` +
    field('Authentication Method', hsm.authMethod === 'ped' ? 'PED keys' : 'Password') +
    field('HSM Admin login status', hsm.soLoggedIn ? 'Logged In' : 'Not Logged In') +
    field('HSM Admin login attempts left', attempts) +
    field('MofN activation status', 'M of N not used') +
    '\n' +
    '   Partitions created on HSM:\n' +
    '   ==========================\n' +
    partitions +
    '\n' +
    '   FIPS 140-2 Operation:\n' +
    '   ==========================\n' +
    `   The HSM is ${hsm.fips ? '' : 'NOT '}in FIPS 140-2 approved operation mode.\n` +
    '\n'
  )
}

/**
 * The part of `hsm showPolicies` every era prints alike: the capabilities table, then the heading of the fixed
 * policies (their rows differ by era and follow it).
 */
const capabilitiesAndFixedPolicies = (capabilities: string): string =>
  '\n' +
  'The following capabilities describe this HSM, and cannot be altered except using firmware or capability updates.\n' +
  '\n' +
  `${'Description'.padEnd(41)}Value\n` +
  `${'==========='.padEnd(41)}=====\n` +
  capabilities +
  '\n' +
  'The following policies are set due to current configuration of this HSM and cannot be altered directly by the user.\n' +
  '\n' +
  `${'Description'.padEnd(41)}Value\n` +
  `${'==========='.padEnd(41)}=====\n`

/** `hsm -showPolicies` as the HID guide prints it (firmware 4.6.1; its spacing collapsed, the 6.2.2 columns used). */
function printHsmPolicies4x(state: ApplianceState): string {
  const ped = state.hsm.authMethod === 'ped'
  const capabilities = HSM_CAPABILITIES_4X.map((c) => {
    // unverified: a password-authenticated 4.x HSM's first two capabilities (the guide shows a PED HSM).
    const value =
      c.description === 'Enable PIN-based authentication'
        ? ped
          ? 'Disallowed'
          : 'Allowed'
        : c.description === 'Enable PED-based authentication'
          ? ped
            ? 'Allowed'
            : 'Disallowed'
          : c.value
    return `${c.description.padEnd(41)}${value}\n`
  }).join('')
  const policies = hsmPolicies(4)
    .map((p) => {
      const value = (state.hsm.policies[String(p.code)] ?? p.defaultValue) ? 'On' : 'Off'
      return `${p.description.padEnd(40)}${value.padEnd(11)}${String(p.code).padEnd(10)}${p.destructive ? 'Yes' : 'No'}\n`
    })
    .join('')
  return (
    '\n' +
    `HSM Label: ${hsmLabel(state)}\n` +
    `Serial #: ${state.serial}\n` +
    `Firmware: ${state.hsm.firmware}\n` +
    capabilitiesAndFixedPolicies(capabilities) +
    // unverified: a password HSM's line (the guide shows `PED-based authentication True`).
    `${(ped ? 'PED-based authentication' : 'PIN-based authentication').padEnd(41)}True\n` +
    `${'Require M of N'.padEnd(41)}False\n` +
    '\n' +
    // Verbatim, "maybe changed" and all.
    'The following policies describe the current configuration of this HSM and maybe changed by the HSM Administrator. Changing policies marked "destructive" will zeroize (erase completely) the entire HSM.\n' +
    '\n' +
    `${'Description'.padEnd(40)}${'Value'.padEnd(11)}${'Code'.padEnd(10)}Destructive\n` +
    `${'==========='.padEnd(40)}${'====='.padEnd(11)}${'===='.padEnd(10)}===========\n` +
    policies
  )
}

/** `hsm showPolicies` in the 6.2.2 layout (S5); the capabilities block is from the procedure's listing. */
export function printHsmPolicies(state: ApplianceState): string {
  if (state.era === 4) return printHsmPolicies4x(state)
  const ped = state.hsm.authMethod === 'ped'
  const capabilities = HSM_CAPABILITIES.map(
    (c) => `${c.description.padEnd(41)}${ped ? c.ped : c.password}\n`,
  ).join('')
  const policies = HSM_POLICIES.map((p) => {
    const value = (state.hsm.policies[String(p.code)] ?? p.defaultValue) ? 'On' : 'Off'
    return `${p.description.padEnd(41)}${value.padEnd(11)}${String(p.code).padEnd(13)}${p.destructive ? 'Yes' : 'No'}\n`
  }).join('')
  return (
    '\n' +
    `HSM Label:   ${state.hsm.initialized && state.hsm.label ? state.hsm.label : 'no label'}\n` +
    `Serial #:    ${state.serial}\n` +
    `Firmware:    ${state.hsm.firmware}\n` +
    capabilitiesAndFixedPolicies(capabilities) +
    '\n' +
    `${(ped ? 'PED-based authentication' : 'PIN-based authentication').padEnd(42)}True\n` +
    '\n' +
    'The following policies describe the current configuration of this HSM and may be changed by the HSM Administrator.\n' +
    '\n' +
    'Changing policies marked "destructive" will zeroize (erase completely) the entire HSM.\n' +
    '\n' +
    `${'Description'.padEnd(40)}${'Value'.padEnd(11)}${'Code'.padEnd(10)}Destructive\n` +
    `${'==========='.padEnd(40)}${'====='.padEnd(11)}${'===='.padEnd(10)}===========\n` +
    policies
  )
}

/**
 * `hsm displayLicenses`. unverified: NOT FOUND in reference. Shape taken from the procedure's collapsed listing
 * (`HSM CAPABILITY LICENSES`, `License ID Description`, `0, 9768e K5Base`), spacing invented.
 */
export function printLicenses(state: ApplianceState): string {
  const licenses: [string, string][] = [
    ['0, 9768e', state.era === 7 ? 'K7Base' : state.era === 4 ? 'K5Base' : 'K6Base'],
    ['0, 9765f', 'ECC'],
    // The HID guide's 4.x listing has KCDSA between ECC and the object licence.
    ...(state.era === 4 ? [['0, 97660', 'KCDSA'] as [string, string]] : []),
    ['0, 97656', 'Objects320'],
    ['0, 97651', 'Performance1200'],
    ['0, 97659', `${state.hsm.partitionsAllowed} Partitions`],
    ['0, 9768d', 'Offboard Storage KE'],
    ['0, 9764d', 'FIPS3'],
  ]
  return (
    '\n' +
    'HSM CAPABILITY LICENSES\n' +
    '\n' +
    `   ${'License ID'.padEnd(20)}Description\n` +
    `   ${'=========='.padEnd(20)}===========\n` +
    licenses.map(([id, description]) => `   ${id.padEnd(20)}${description}\n`).join('') +
    '\n'
  )
}
