import type { CommandContext, CommandSpec } from '../commandTable'
import { failed, RC, usageError } from '../errors'
import { hashPassword, verifyPassword } from '../passwords'
import { defaultPolicyValues, hsmPolicies } from '../policies'
import { printHsmPolicies, printHsmShow, printLicenses } from '../printers/hsm'
import { erasePartitions, SO_LOGIN_ATTEMPTS, zeroizeHsm } from '../state'
import {
  askSecretTwice,
  confirmOrCancel,
  FORCE,
  requireInitialized,
  requireOption,
  requireSoLogin,
} from './common'

const HSM_PASSWORD_MIN = 7

async function hsmInit(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const hsm = app.state.hsm
  const label = requireOption(ctx, 'label')
  if (label.length > 32) throw usageError('The HSM label may be at most 32 characters long.')
  // A re-init ("soft init") of an initialised HSM needs the SO; a factory-fresh ("hard") init does not.
  if (hsm.initialized && hsm.authMethod === 'password') requireSoLogin(ctx)
  let soPassword: string | undefined
  let domain: string | undefined
  if (hsm.authMethod === 'password') {
    soPassword = await askSecretTwice(
      ctx,
      ctx.option('password'),
      'Please enter a password for the HSM Administrator:',
      'Please re-enter password to confirm:',
      HSM_PASSWORD_MIN,
    )
    if (!ctx.flag('defaultdomain')) {
      domain = await askSecretTwice(
        ctx,
        ctx.option('domain'),
        'Please enter a cloning domain to use for initializing this HSM:',
        'Please re-enter cloning domain to confirm:',
        1,
      )
    }
    await confirmOrCancel(
      ctx,
      hsm.initialized
        ? "\nCAUTION:  Are you sure you wish to re-initialize this HSM?\nAll partitions and data will be erased.\n\nType 'proceed' to initialize the HSM, or 'quit'\nto quit now.\n> "
        : "\nCAUTION:  Are you sure you wish to initialize this HSM?\n\nType 'proceed' to initialize the HSM, or 'quit'\nto quit now.\n> ",
    )
  } else {
    await confirmOrCancel(
      ctx,
      `\nCAUTION: Are you sure you wish to ${hsm.initialized ? 're-' : ''}initialize this HSM? All partitions and data will be erased.\nType 'proceed' to initialize the HSM, or 'quit' to quit now.\n> `,
    )
    await io.ped('Luna PED operation required to initialize HSM - use gray and blue PED keys.')
    await io.ped('Luna PED operation required to login as HSM Administrator - use blue PED key.')
    await io.ped('Luna PED operation required to generate cloning domain - use red PED key.')
  }
  erasePartitions(app.state)
  hsm.label = label
  hsm.initialized = true
  hsm.zeroized = false
  hsm.soLoggedIn = false
  hsm.loginAttemptsLeft = SO_LOGIN_ATTEMPTS
  hsm.policies = defaultPolicyValues(hsmPolicies(app.state.era))
  hsm.fips = false
  hsm.soPasswordHash = soPassword === undefined ? undefined : hashPassword(soPassword)
  hsm.domainHash = domain === undefined ? undefined : hashPassword(domain)
  app.commit()
  io.print("'hsm init' successful.\n")
  if (hsm.authMethod === 'ped')
    io.print('Please wait while the HSM is reset to complete the initialization process.\n')
}

async function hsmLogin(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const hsm = app.state.hsm
  requireInitialized(ctx)
  if (hsm.loginAttemptsLeft === 1) {
    // The first line is verbatim (S1); the rest of the warning is unverified.
    await confirmOrCancel(
      ctx,
      "\nCaution:  This is your LAST available HSM Admin login attempt\n          before the HSM is zeroized.\n\nType 'proceed' to continue, or 'quit' to quit now.\n> ",
    )
  }
  if (hsm.authMethod === 'ped') {
    await io.ped(
      app.state.era === 7
        ? 'Luna PED operation required to login as HSM Administrator - use Security Officer (blue) PED key.'
        : 'Luna PED operation required to login as HSM Administrator - use blue PED key.',
    )
  } else {
    // After one failed login the shell warns first (verbatim from an appliance with firmware 6.20.2, CredHub's
    // docs), then asks indented as 7.2 does; 6.2.2 asks unindented. The warning on 5.x and 7.x is unverified.
    const twoLeft =
      hsm.loginAttemptsLeft === 2
        ? '\nCaution:  You have only TWO HSM Admin logins attempts left (including\n' +
          '          this one). If you fail two more consecutive login attempts\n' +
          '          (i.e. with no successful logins in between) the HSM will\n' +
          '          be ZEROIZED!!!\n'
        : ''
    const question =
      twoLeft !== '' || app.state.era === 7
        ? "\n  Please enter the HSM Administrators' password:\n  > "
        : "\nPlease enter the HSM Administrators' password:\n> "
    const password = ctx.option('password') ?? (await io.ask(`${twoLeft}${question}`))
    if (!verifyPassword(password, hsm.soPasswordHash)) {
      hsm.loginAttemptsLeft -= 1
      if (hsm.loginAttemptsLeft <= 0) {
        zeroizeHsm(app.state)
        app.commit()
        throw failed(ctx.command, RC.SO_LOGIN_FAILURE_THRESHOLD)
      }
      app.commit()
      throw failed(ctx.command, RC.PIN_INCORRECT)
    }
  }
  hsm.loginAttemptsLeft = SO_LOGIN_ATTEMPTS
  hsm.soLoggedIn = true
  app.commit()
  io.print(hsm.authMethod === 'ped' ? "'hsm login' successful.\n" : "\n'hsm login' successful.\n")
}

async function hsmChangePolicy(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  requireSoLogin(ctx)
  const code = Number(requireOption(ctx, 'policy'))
  const value = Number(requireOption(ctx, 'value'))
  const policy = hsmPolicies(app.state.era).find((p) => p.code === code)
  if (!policy || !Number.isInteger(value) || value < 0 || value > 1) {
    throw failed(ctx.command, RC.INVALID_PARAMETER, 'Error:  Invalid policy code or value.')
  }
  if (policy.destructive) {
    await confirmOrCancel(
      ctx,
      '\nCAUTION: Are you sure you wish to change the destructive policy named:\n\n' +
        `${policy.description}\n\n` +
        'Changing this policy will result in erasing all partitions on the HSM! (HSM Admin, Domain, and M of N (where applicable) will not be modified.\n\n' +
        "Type 'proceed' to zeroize your HSM and change the policy, or 'quit' to quit now.\n\n> ",
    )
    erasePartitions(app.state)
  }
  app.state.hsm.policies[String(code)] = value
  if (code === 12) app.state.hsm.fips = value === 0
  app.commit()
  io.print(`\n'hsm changePolicy' successful.\n\nPolicy ${policy.description} is now set to value: ${value}\n`)
}

/** A firmware update file uploaded to the admin home: `*.fuf`, version from its name or its first line. */
function findFirmwareFile(ctx: CommandContext): { name: string; version: string } | undefined {
  const wanted = ctx.option('file')
  const names = Object.keys(ctx.app.state.files).filter((n) => (wanted ? n === wanted : /\.fuf$/i.test(n)))
  for (const name of names) {
    const text = ctx.app.readFile(name)?.toString('latin1') ?? ''
    const version = /(\d+\.\d+\.\d+)/.exec(name)?.[1] ?? /(\d+\.\d+\.\d+)/.exec(text.slice(0, 200))?.[1]
    if (version) return { name, version }
  }
  return undefined
}

async function hsmUpdateFirmware(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  requireSoLogin(ctx)
  const update = findFirmwareFile(ctx)
  if (!update) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.FILE_NOT_FOUND,
      'Error:  No firmware update file was found. Copy the update file to the appliance first.',
    )
  }
  await confirmOrCancel(
    ctx,
    '\nCAUTION: This command updates the HSM firmware. This process cannot be reversed.\n' +
      'Any connected clients will have their connections closed.\n' +
      'All clients should disconnect and the NTLS should be stopped before\n' +
      "proceeding.\nType 'proceed' to continue, or type 'quit' to quit now.\n> ",
  )
  app.state.hsm.firmware = update.version
  delete app.state.files[update.name]
  for (const partition of app.state.partitions) partition.activated = false
  app.commit()
  app.emit('ntls-changed')
  io.print('Update Result: 0 (Success)\n')
}

export const hsmCommands: CommandSpec[] = [
  {
    words: ['hsm', 'show'],
    summary: 'Show HSM details',
    access: 'read',
    run: async ({ app, io }) => io.print(printHsmShow(app.state, app.profile)),
  },
  {
    words: ['hsm', 'showPolicies'],
    summary: 'Show HSM capabilities and policies',
    access: 'read',
    run: async ({ app, io }) => io.print(printHsmPolicies(app.state)),
  },
  {
    words: ['hsm', 'displayLicenses'],
    summary: 'Show HSM capability licenses',
    access: 'read',
    run: async ({ app, io }) => io.print(printLicenses(app.state)),
  },
  {
    words: ['hsm', 'init'],
    summary: 'Initialize the HSM (erases everything)',
    access: 'admin',
    options: [
      { name: 'label', short: ['l'] },
      { name: 'domain', short: ['d'] },
      { name: 'password', short: ['sopw', 's', 'p'] },
      { name: 'defaultdomain', flag: true },
      { name: 'authtimeconfig', flag: true },
      FORCE,
    ],
    run: hsmInit,
  },
  {
    words: ['hsm', 'login'],
    summary: 'Log in as HSM Admin (SO)',
    access: 'write',
    options: [{ name: 'password', short: ['p'] }],
    run: hsmLogin,
  },
  {
    words: ['hsm', 'logout'],
    summary: 'Log out the HSM Admin (SO)',
    access: 'write',
    run: async ({ app, io }) => {
      app.state.hsm.soLoggedIn = false
      app.commit()
      // unverified: NOT FOUND in reference.
      io.print("\n'hsm logout' successful.\n")
    },
  },
  {
    words: ['hsm', 'changePolicy'],
    summary: 'Change an HSM policy',
    access: 'admin',
    options: [{ name: 'policy', short: ['p'] }, { name: 'value', short: ['v'] }, FORCE],
    run: hsmChangePolicy,
  },
  {
    words: ['hsm', 'update', 'firmware'],
    summary: 'Update the HSM firmware from an uploaded file',
    access: 'admin',
    options: [{ name: 'file' }, FORCE],
    run: hsmUpdateFirmware,
  },
  {
    words: ['hsm', 'update', 'show'],
    summary: 'Show the available firmware update',
    access: 'read',
    options: [{ name: 'file' }],
    run: async (ctx) => {
      const update = findFirmwareFile(ctx)
      // unverified: NOT FOUND in reference.
      ctx.io.print(
        `\nCurrent firmware version:     ${ctx.app.state.hsm.firmware}\n` +
          (update
            ? `Firmware update available:    ${update.version} (file ${update.name})\n`
            : 'No firmware update is available.\n'),
      )
    },
  },
]
