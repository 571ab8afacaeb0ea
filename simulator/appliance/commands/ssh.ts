import type { CommandContext, CommandSpec } from '../commandTable'
import { failed, RC, usageError } from '../errors'
import { parseOpenSshPublicKey, type OpenSshPublicKey } from '../sshKeys'
import type { SshPublicKeyState } from '../state'
import { confirmOrCancel, FORCE } from './common'

/**
 * `sysconf ssh ...`: which SSH logins the appliance accepts, and the admin's public keys. The keys are uploaded
 * with scp as `.pub` files to the admin home and named by bare file name, like client certificates.
 * Seen verbatim (reference 2.8, 2.9): `Public key added`, `Public key authentication enabled`, and the three
 * lines of `sysconf -ssh show`. Everything else here is marked unverified.
 */

const LABEL = /^[A-Za-z0-9._-]{1,64}$/

function labelArg(ctx: CommandContext): string {
  const label = ctx.positional[0]
  if (label === undefined) throw usageError('Missing required parameter: <label>')
  // unverified: NOT FOUND in reference (which labels lunash accepts).
  if (!LABEL.test(label)) {
    throw usageError(`Invalid label: ${label} (use 1 to 64 letters, digits, '.', '_' or '-').`)
  }
  return label
}

function findKey(ctx: CommandContext, label: string): SshPublicKeyState | undefined {
  return ctx.app.state.ssh.publicKeys.find((k) => k.label === label)
}

function describeKey(stored: SshPublicKeyState): OpenSshPublicKey | undefined {
  const parsed = parseOpenSshPublicKey(stored.key)
  return 'problem' in parsed ? undefined : parsed
}

async function addKey(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const label = labelArg(ctx)
  const file = ctx.option('file')
  if (file === undefined || file === '') throw usageError('Missing required parameter: -file')
  if (findKey(ctx, label)) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.OBJECT_ALREADY_EXISTS,
      `Error:  A public key labelled ${label} already exists. Delete it first or choose another label.`,
    )
  }
  const data = file === 'server.pem' ? undefined : app.readFile(file)
  if (data === undefined) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.FILE_NOT_FOUND,
      `Error:  File ${file} was not found. Copy the public key to the appliance with scp first.`,
    )
  }
  const key = parseOpenSshPublicKey(data.toString('utf8'))
  if ('problem' in key) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.INVALID_PARAMETER,
      `Error:  ${file} does not contain an OpenSSH public key (${key.problem}).`,
    )
  }
  const twin = app.state.ssh.publicKeys.find((k) => describeKey(k)?.fingerprint === key.fingerprint)
  if (twin) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.OBJECT_ALREADY_EXISTS,
      `Error:  This public key was already added with the label ${twin.label}.`,
    )
  }
  app.state.ssh.publicKeys.push({ label, key: key.line, addedAt: app.now().getTime() })
  app.commit()
  io.print('Public key added\n')
}

function listKeys(ctx: CommandContext): void {
  const keys = ctx.app.state.ssh.publicKeys
  // unverified: NOT FOUND in reference (the layout of the key list; ssh-keygen -l's parts in columns).
  if (keys.length === 0) {
    ctx.io.print('\nNo public keys have been added.\n')
    return
  }
  const width = Math.max(5, ...keys.map((k) => k.label.length))
  const rows = keys.map((stored) => {
    const key = describeKey(stored)
    const type = key ? `${key.type} ${key.bits}` : 'unreadable'
    return `${stored.label.padEnd(width)}   ${type.padEnd(14)}${key?.fingerprint ?? ''}\n`
  })
  ctx.io.print(
    `\nPublic keys allowed to log in as admin:\n\n${'Label'.padEnd(width)}   ${'Type'.padEnd(14)}Fingerprint\n` +
      `${'-'.repeat(width)}   ${'-'.repeat(12)}  ${'-'.repeat(50)}\n${rows.join('')}`,
  )
}

export const sshCommands: CommandSpec[] = [
  {
    words: ['sysconf', 'ssh', 'show'],
    summary: 'Show the SSH login settings',
    access: 'read',
    run: async ({ app, io }) => {
      // The three lines are the older `sysconf -ssh show` output (S6); the simulator has no SSH restrictions.
      io.print(
        'SSH is unrestricted.\nPassword authentication is enabled\n' +
          `Public key authentication is ${app.state.ssh.publicKeyAuth ? 'enabled' : 'disabled'}\n`,
      )
    },
  },
  {
    words: ['sysconf', 'ssh', 'publickey', 'add'],
    summary: 'Add an uploaded OpenSSH public key for admin logins (<label> -f <file>)',
    access: 'admin',
    options: [{ name: 'file', short: ['f'] }],
    run: addKey,
  },
  {
    words: ['sysconf', 'ssh', 'publickey', 'list'],
    summary: 'List the public keys that may log in as admin',
    access: 'read',
    run: async (ctx) => listKeys(ctx),
  },
  {
    words: ['sysconf', 'ssh', 'publickey', 'delete'],
    summary: 'Delete a public key (<label>)',
    access: 'admin',
    options: [FORCE],
    run: async (ctx) => {
      const label = labelArg(ctx)
      const stored = findKey(ctx, label)
      if (!stored) {
        // unverified: NOT FOUND in reference.
        throw failed(
          ctx.command,
          RC.OBJECT_NOT_IN_LIST,
          `Error:  No public key is labelled ${label}. Use 'sysconf ssh publickey list'.`,
        )
      }
      // unverified: the confirmation text, in the shape of `client delete`'s.
      await confirmOrCancel(
        ctx,
        `\nCAUTION:  Are you sure you wish to delete the public key labelled:\n            ${label}\n` +
          "          Type 'proceed' to delete the key, or 'quit'\n          to quit now.\n          > ",
      )
      ctx.app.state.ssh.publicKeys = ctx.app.state.ssh.publicKeys.filter((k) => k !== stored)
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print('Public key deleted\n')
    },
  },
  {
    words: ['sysconf', 'ssh', 'publickey', 'enable'],
    summary: 'Allow public-key logins',
    access: 'admin',
    run: async ({ app, io }) => {
      app.state.ssh.publicKeyAuth = true
      app.commit()
      io.print('Public key authentication enabled\n')
    },
  },
  {
    words: ['sysconf', 'ssh', 'publickey', 'disable'],
    summary: 'Refuse public-key logins (the keys are kept)',
    access: 'admin',
    run: async ({ app, io }) => {
      app.state.ssh.publicKeyAuth = false
      app.commit()
      // unverified: NOT FOUND in reference (the twin of `Public key authentication enabled`).
      io.print('Public key authentication disabled\n')
    },
  },
]
