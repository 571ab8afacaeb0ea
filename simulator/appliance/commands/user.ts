import type { CommandContext, CommandSpec } from '../commandTable'
import { CommandFailure, failed, RC, usageError } from '../errors'
import { hashPassword, passwordWeakness } from '../passwords'
import { findUser } from '../users'
import { requireOption } from './common'

/** `user password <user>` (7.0 text, S11) and, for non-admins, `my password set`. */
export async function changePassword(ctx: CommandContext, userName: string): Promise<void> {
  const { app, io } = ctx
  const user = findUser(app.state, userName)
  if (!user) throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, `Error:  User ${userName} does not exist.`)
  const seven = app.state.era === 7
  io.print(
    `\nChanging password for user ${userName}.\n\nYou can now choose the new password.\n\n` +
      'The password must be at least 8 characters long.\n' +
      'The password must contain characters from at least 3 of the following 4 categories:\n' +
      '    - Uppercase letters (A through Z)\n' +
      '    - Lowercase letters (a through z)\n' +
      '    - Numbers (0 through 9)\n' +
      '    - Non-alphanumeric characters (such as !, $, #, %)\n\n',
  )
  const first = await io.ask(seven ? 'New password: ' : 'Enter new password: ', 'hidden')
  const weakness = passwordWeakness(first)
  if (weakness) {
    // unverified: NOT FOUND in reference (pam_cracklib wording).
    throw new CommandFailure(`BAD PASSWORD: ${weakness}\npasswd: Authentication token manipulation error\n`)
  }
  const second = await io.ask(seven ? 'Retype new password: ' : 'Re-type new password: ', 'hidden')
  if (first !== second) {
    throw new CommandFailure(
      'Sorry, passwords do not match.\npasswd: Authentication token manipulation error\n',
    )
  }
  user.passwordHash = hashPassword(first)
  user.mustChangePassword = false
  app.commit()
  io.print('passwd: all authentication tokens updated successfully.\n\n')
}

function setEnabled(ctx: CommandContext, enabled: boolean): void {
  const name = requireOption(ctx, 'userName')
  const user = findUser(ctx.app.state, name)
  if (!user) throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, `Error:  User ${name} does not exist.`)
  if (user.name === 'admin' && !enabled) throw usageError('The admin user cannot be disabled.')
  user.enabled = enabled
  ctx.app.commit()
  ctx.io.print(`${name} was ${enabled ? 'enabled' : 'disabled'} successfully.\n`)
}

export const userCommands: CommandSpec[] = [
  {
    words: ['user', 'list'],
    summary: 'List the appliance users',
    access: 'admin',
    run: async ({ app, io }) => {
      const row = (a: string, b: string, c: string, d: string): string =>
        `${a.padStart(24)}${b.padStart(12)}${c.padStart(12)}${d.padStart(12)}\n`
      io.print(
        '\n' +
          row('Users', 'Roles', 'Status', 'RADIUS') +
          row('--------------------', '--------', '--------', '--------') +
          app.state.users.map((u) => row(u.name, u.role, u.enabled ? 'enabled' : 'disabled', 'no')).join(''),
      )
    },
  },
  {
    words: ['user', 'password'],
    summary: "Change a user's password",
    access: 'admin',
    options: [{ name: 'userName', short: ['u'] }],
    run: async (ctx) => changePassword(ctx, ctx.positional[0] ?? ctx.option('userName') ?? ctx.session.user),
  },
  {
    words: ['user', 'enable'],
    summary: 'Enable a user',
    access: 'admin',
    options: [{ name: 'userName', short: ['u'] }],
    run: async (ctx) => setEnabled(ctx, true),
  },
  {
    words: ['user', 'disable'],
    summary: 'Disable a user',
    access: 'admin',
    options: [{ name: 'userName', short: ['u'] }],
    run: async (ctx) => setEnabled(ctx, false),
  },
]
