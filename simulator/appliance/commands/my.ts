import type { CommandSpec } from '../commandTable'
import { formatFileDate } from '../clock'
import { failed, RC, usageError } from '../errors'
import { FORCE } from './common'
import { changePassword } from './user'

export const myCommands: CommandSpec[] = [
  {
    words: ['my', 'password', 'set'],
    summary: 'Change your own password',
    access: 'read',
    run: async (ctx) => changePassword(ctx, ctx.session.user),
  },
  {
    words: ['my', 'file', 'list'],
    summary: 'List the files in your home area',
    access: 'read',
    run: async ({ app, io }) => {
      const zone = app.state.time.zone
      const entries: [string, number, number][] = [
        ['server.pem', Buffer.byteLength(app.state.ntls.certPem), app.now().getTime()],
        ...Object.entries(app.state.files).map(([name, f]): [string, number, number] => [
          name,
          Buffer.from(f.dataBase64, 'base64').length,
          f.modifiedAt,
        ]),
      ]
      // unverified: NOT FOUND in reference (`my file list` layout; an `ls -l` like listing).
      io.print(
        '\n' +
          entries
            .map(
              ([name, size, at]) =>
                `${String(size).padStart(10)} ${formatFileDate(new Date(at), zone)} ${name}\n`,
            )
            .join(''),
      )
    },
  },
  {
    words: ['my', 'file', 'delete'],
    summary: 'Delete a file from your home area',
    access: 'write',
    options: [
      { name: 'file', short: ['f'] },
      { name: 'force', flag: true },
    ],
    run: async (ctx) => {
      const name = ctx.option('file') ?? ctx.positional[0]
      if (!name) throw usageError('Missing required parameter: -file')
      if (name === 'server.pem') throw usageError('server.pem cannot be deleted.')
      if (!(name in ctx.app.state.files)) {
        throw failed(ctx.command, RC.FILE_NOT_FOUND, `Error:  File ${name} does not exist.`)
      }
      delete ctx.app.state.files[name]
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print(`${name} deleted.\n`)
    },
  },
  {
    words: ['my', 'file', 'clear'],
    summary: 'Delete every file from your home area',
    access: 'write',
    options: [FORCE],
    run: async (ctx) => {
      ctx.app.state.files = {}
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print('All files deleted.\n')
    },
  },
]
