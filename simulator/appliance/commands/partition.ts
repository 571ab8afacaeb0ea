import { randomInt } from 'node:crypto'
import type { CommandContext, CommandSpec } from '../commandTable'
import { failed, RC, usageError } from '../errors'
import { hashPassword, verifyPassword } from '../passwords'
import { defaultPolicyValues, PARTITION_POLICIES } from '../policies'
import { printPartitionList, printPartitionPolicies, printPartitionShow } from '../printers/partition'
import type { PartitionState } from '../state'
import {
  askSecretTwice,
  cancelled,
  confirmOrCancel,
  FORCE,
  requireOption,
  requirePartition,
  requireSoLogin,
} from './common'

const PARTITION = { name: 'partition', short: ['p', 'par'] }
const PARTITION_PASSWORD_MIN = 7

/** The PED shows a partition's client password as four groups of four (`pTYF-45xG-pXbE-AHs4`). */
function pedChallenge(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  const group = (): string => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('')
  return [group(), group(), group(), group()].join('-')
}

async function partitionCreate(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const state = app.state
  requireSoLogin(ctx)
  const name = requireOption(ctx, 'partition')
  if (/^[0-9]/.test(name)) throw usageError('A partition name must not begin with a digit.')
  if (state.partitions.some((p) => p.name === name)) {
    throw failed(ctx.command, RC.OBJECT_ALREADY_EXISTS, 'Error:  A partition with that name already exists.')
  }
  const count = state.partitions.length + 1
  if (count > state.hsm.partitionsAllowed) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.LICENSE_EXCEEDED,
      `Error:  This HSM is licensed for ${state.hsm.partitionsAllowed} partitions. Use 'hsm displayLicenses'.`,
    )
  }
  const label = ctx.option('label') ?? name
  const partition: PartitionState = {
    name,
    serial: `${state.serial}${String(state.nextPartitionSuffix).padStart(3, '0')}`,
    label,
    policies: defaultPolicyValues(PARTITION_POLICIES),
    activated: false,
    objects: 0,
  }
  if (state.era === 7) {
    await confirmOrCancel(
      ctx,
      "\n          Type 'proceed' to create the partition, or\n          'quit' to quit now.\n          > ",
    )
  } else if (state.hsm.authMethod === 'ped') {
    await confirmOrCancel(
      ctx,
      `\nPlease ensure that you have purchased licenses for at least this number of partitions: ${count}\n` +
        "If you have purchased licenses for at least this number of partitions then type 'proceed'; otherwise type 'quit':\n> ",
    )
    io.print(
      'Proceeding...\nPlease ensure that you copy the password from the Luna PED and that you keep it in a safe place.\n',
    )
    await io.ped('Luna PED operation required to create a partition - use black PED key.')
    const challenge = pedChallenge()
    partition.pedChallengeHash = hashPassword(challenge)
    // Simulator-only: the PED screen is not part of lunash; this stands in for reading it off the device.
    io.print(`(Luna PED displays the partition password: ${challenge})\n`)
  } else {
    io.print(`\nOn completion, you will have this number of partitions: ${count}\n`)
    if (ctx.option('label') === undefined) io.print('\n-label:  Not provided; using name for label.\n')
    const password = await askSecretTwice(
      ctx,
      ctx.option('password'),
      'Please enter a password for the partition:',
      'Please re-enter password to confirm:',
      PARTITION_PASSWORD_MIN,
    )
    const domain = await askSecretTwice(
      ctx,
      ctx.option('domain'),
      'Please enter a cloning domain to use when creating this partition:',
      'Please re-enter cloning domain to confirm:',
      1,
    )
    await confirmOrCancel(
      ctx,
      "\nType 'proceed' to create the initialized partition, or 'quit' to quit now.\n> ",
    )
    partition.passwordHash = hashPassword(password)
    partition.domainHash = hashPassword(domain)
  }
  state.partitions.push(partition)
  state.nextPartitionSuffix += 1
  app.commit()
  io.print("'partition create' successful.\n")
}

async function partitionChangePolicy(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  requireSoLogin(ctx)
  const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
  const code = Number(requireOption(ctx, 'policy'))
  const value = Number(requireOption(ctx, 'value'))
  const policy = PARTITION_POLICIES.find((p) => p.code === code)
  if (!policy || !Number.isInteger(value) || value < 0 || value > 255) {
    throw failed(ctx.command, RC.INVALID_PARAMETER, 'Error:  Invalid policy code or value.')
  }
  partition.policies[String(code)] = value
  if (code === 22 && value === 0) partition.activated = false
  app.commit()
  io.print(`\n'partition changePolicy' successful.\nPolicy "${policy.description}" is now set to: ${value}\n`)
  if (code === 23 && value === 1) {
    io.print(
      'Notice: Auto activation parameters will be stored during next activation. It is recommended you activate this partition now.\n',
    )
  }
}

/** Checks what the client would present: the partition password, or on PED HSMs the PED challenge. */
async function checkPartitionPassword(
  ctx: CommandContext,
  partition: PartitionState,
  given?: string,
): Promise<void> {
  const stored = partition.passwordHash ?? partition.pedChallengeHash
  if (!stored) return
  const password = given ?? (await ctx.io.ask('\nPlease enter the password for the partition:\n> '))
  if (!verifyPassword(password, stored)) throw failed(ctx.command, RC.PIN_INCORRECT)
}

async function partitionActivate(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
  if (!partition.policies['22']) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.POLICY_NOT_ALLOWED,
      "Error:  Activation is not allowed on this partition. Set policy 22 with 'partition changePolicy' first.",
    )
  }
  await checkPartitionPassword(ctx, partition, ctx.option('password'))
  if (app.state.hsm.authMethod === 'ped') {
    await io.ped('Luna PED operation required to activate partition - use black PED key.')
  }
  partition.activated = true
  app.commit()
  // The HID guide's 4.x line has no full stop.
  io.print(app.state.era === 4 ? "'partition activate' successful\n" : "\n'partition activate' successful.\n")
}

/**
 * `partition changePw`. On a PED HSM without -oldpw/-newpw lunash shows a menu (6.0 and 7.x lunash references):
 * the black PED key, or the challenge (the partition password clients present); 7.x first asks for the Crypto
 * Officer's current challenge. With -oldpw/-newpw a PED HSM changes the challenge, as the HID guide does, and 6.0
 * prints `'partition -changePw' successful.` A password HSM changes its one password.
 */
async function partitionChangePw(ctx: CommandContext): Promise<void> {
  const { app } = ctx
  const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
  const oldpw = ctx.option('oldpw')
  const newpw = ctx.option('newpw')
  if (app.state.hsm.authMethod !== 'ped') return changePassword(ctx, partition, oldpw, newpw)
  if (oldpw === undefined && newpw === undefined) return changePwMenu(ctx, partition)
  const old = oldpw ?? (await ctx.io.ask('\nPlease enter the current challenge for the partition:\n> '))
  if (!verifyPassword(old, partition.pedChallengeHash ?? '')) throw failed(ctx.command, RC.PIN_INCORRECT)
  const next = await askSecretTwice(
    ctx,
    newpw,
    'Please enter the new challenge for the partition:',
    'Please re-enter the new challenge to confirm:',
    PARTITION_PASSWORD_MIN,
  )
  await ctx.io.ped(
    ' \nLuna PED operation required to activate partition on HSM - use User or Partition Owner (black) PED Key.',
  )
  partition.pedChallengeHash = hashPassword(next)
  app.commit()
  // 6.0, verbatim; unverified: the 4.x, 5.x and 7.x lines.
  ctx.io.print(
    app.state.era === 7 ? "'partition changePw' successful.\n" : "'partition -changePw' successful.\n \n",
  )
}

async function changePwMenu(ctx: CommandContext, partition: PartitionState): Promise<void> {
  const { app, io } = ctx
  const seven = app.state.era === 7
  // 6.0 and 7.x, verbatim as far as the references show them; unverified: the rest of 6.0's second entry.
  const menu = seven
    ? '\n\n  Which part of the partition password do you wish to change?\n\n' +
      '  1.  change partition PED key data for Crypto Officer\n' +
      '  2.  change the challenge for Crypto Officer\n' +
      '  0.  abort command\n\n  Please select one of the above options: '
    : ' \nWhich part of the partition password do you wish to change?\n' +
      '1. change partition owner (black) PED key\n' +
      '2. change the challenge (partition password)\n' +
      '0. abort command\n\nPlease select one of the above options: '
  const choice = (await io.ask(menu, 'echo')).trim()
  if (choice === '0') throw cancelled()
  // unverified: NOT FOUND in reference (lunash's reply to another number).
  if (choice !== '1' && choice !== '2') throw usageError(`Invalid selection: ${choice}`)
  if (seven) {
    const current = await io.ask("\n\n  Please enter the current Crypto Officer's challenge:\n  > ")
    if (!verifyPassword(current, partition.pedChallengeHash ?? ''))
      throw failed(ctx.command, RC.PIN_INCORRECT)
  }
  if (choice === '1') {
    if (seven) {
      await io.ped('Luna PED operation required to change partition PED data - use Crypto Officer PED key.')
      partition.activated = false
      app.commit()
      io.print(
        "Warning: PED key change has caused Crypto Officer role deactivation. Please use 'partition activate' to re-activate.\n",
      )
      return
    }
    // unverified: NOT FOUND in reference (the 6.x PED text and success line of a PED key change).
    await io.ped(
      'Luna PED operation required to change partition PED data - use User or Partition Owner (black) PED Key.',
    )
    app.commit()
    io.print("'partition changePw' successful.\n")
    return
  }
  // unverified: NOT FOUND in reference (the questions after choosing the challenge, but for 7.x's first one).
  if (!seven) {
    const current = await io.ask('\nPlease enter the current challenge for the partition:\n> ')
    if (!verifyPassword(current, partition.pedChallengeHash ?? ''))
      throw failed(ctx.command, RC.PIN_INCORRECT)
  }
  const next = await askSecretTwice(
    ctx,
    undefined,
    seven
      ? "  Please enter the new Crypto Officer's challenge:"
      : 'Please enter the new challenge for the partition:',
    seven
      ? "  Please re-enter the new Crypto Officer's challenge:"
      : 'Please re-enter the new challenge to confirm:',
    PARTITION_PASSWORD_MIN,
  )
  if (!seven)
    await io.ped(
      'Luna PED operation required to activate partition on HSM - use User or Partition Owner (black) PED Key.',
    )
  partition.pedChallengeHash = hashPassword(next)
  app.commit()
  io.print("\n'partition changePw' successful.\n")
}

/** A password HSM: its one password, the one clients present. */
async function changePassword(
  ctx: CommandContext,
  partition: PartitionState,
  oldpw: string | undefined,
  newpw: string | undefined,
): Promise<void> {
  // unverified: NOT FOUND in reference (the prompts of partition changePw on a password HSM).
  const old = oldpw ?? (await ctx.io.ask('\nPlease enter the current password for the partition:\n> '))
  if (partition.passwordHash && !verifyPassword(old, partition.passwordHash))
    throw failed(ctx.command, RC.PIN_INCORRECT)
  const next = await askSecretTwice(
    ctx,
    newpw,
    'Please enter the new password for the partition:',
    'Please re-enter the new password to confirm:',
    PARTITION_PASSWORD_MIN,
  )
  partition.passwordHash = hashPassword(next)
  ctx.app.commit()
  ctx.io.print("\n'partition changePw' successful.\n")
}

async function partitionDelete(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  requireSoLogin(ctx)
  const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
  // unverified: NOT FOUND in reference (the non-force prompt; modelled on `client delete`).
  await confirmOrCancel(
    ctx,
    `\nCAUTION:  Are you sure you wish to delete the partition named:\n            ${partition.name}\n` +
      "          Type 'proceed' to delete the partition, or 'quit'\n          to quit now.\n          > ",
  )
  app.state.partitions = app.state.partitions.filter((p) => p !== partition)
  for (const client of app.state.clients)
    client.partitions = client.partitions.filter((n) => n !== partition.name)
  app.commit()
  io.print("'partition delete' successful.\n")
}

export const partitionCommands: CommandSpec[] = [
  {
    words: ['partition', 'create'],
    summary: 'Create a partition',
    access: 'admin',
    options: [
      PARTITION,
      { name: 'label', short: ['l'] },
      { name: 'password', short: ['pw'] },
      { name: 'domain', short: ['d'] },
      { name: 'size', short: ['s'] },
      { name: 'allfreestorage', flag: true },
      FORCE,
    ],
    run: partitionCreate,
  },
  {
    words: ['partition', 'list'],
    summary: 'List partitions',
    access: 'read',
    run: async ({ app, io }) => io.print(printPartitionList(app.state, app.profile)),
  },
  {
    words: ['partition', 'show'],
    summary: 'Show a partition',
    access: 'read',
    options: [PARTITION],
    run: async (ctx) => {
      const name = ctx.option('partition')
      const partitions = name ? [requirePartition(ctx, name)] : ctx.app.state.partitions
      ctx.io.print(partitions.map((p) => printPartitionShow(p, ctx.app.profile)).join(''))
    },
  },
  {
    words: ['partition', 'showPolicies'],
    summary: 'Show the policies of a partition',
    access: 'read',
    options: [PARTITION],
    run: async (ctx) =>
      ctx.io.print(printPartitionPolicies(requirePartition(ctx, requireOption(ctx, 'partition')))),
  },
  {
    words: ['partition', 'changePolicy'],
    summary: 'Change a partition policy',
    access: 'admin',
    options: [PARTITION, { name: 'policy', short: ['po'] }, { name: 'value', short: ['v'] }],
    run: partitionChangePolicy,
  },
  {
    words: ['partition', 'activate'],
    summary: 'Activate a partition',
    access: 'write',
    options: [PARTITION, { name: 'password', short: ['pw'] }],
    run: partitionActivate,
  },
  {
    words: ['partition', 'deactivate'],
    summary: 'Deactivate a partition',
    access: 'write',
    options: [PARTITION],
    run: async (ctx) => {
      const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
      partition.activated = false
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print("\n'partition deactivate' successful.\n")
    },
  },
  {
    words: ['partition', 'changePw'],
    summary: 'Change the partition password',
    access: 'admin',
    options: [PARTITION, { name: 'oldpw' }, { name: 'newpw' }],
    run: partitionChangePw,
  },
  {
    words: ['partition', 'delete'],
    summary: 'Delete a partition',
    access: 'admin',
    options: [PARTITION, FORCE],
    run: partitionDelete,
  },
]
