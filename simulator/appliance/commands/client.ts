import { X509Certificate } from 'node:crypto'
import type { CommandContext, CommandSpec } from '../commandTable'
import { certificateMd5Fingerprint } from '../certs'
import { CommandFailure, failed, RC, usageError } from '../errors'
import { findClient, type ClientState } from '../state'
import { confirmOrCancel, FORCE, requireOption, requirePartition } from './common'

const CLIENT = { name: 'client', short: ['c'] }
const PARTITION = { name: 'partition', short: ['p', 'par'] }

function requireClient(ctx: CommandContext): ClientState {
  const client = findClient(ctx.app.state, requireOption(ctx, 'client'))
  if (!client) {
    throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, 'Error:  Specified client does not exist.')
  }
  return client
}

async function clientRegister(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const state = app.state
  const name = requireOption(ctx, 'client')
  const hostname = ctx.option('hostname')
  const ip = ctx.option('ip')
  if ((hostname === undefined) === (ip === undefined))
    throw usageError('Specify exactly one of -hostname or -ip.')
  if (ip !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) throw usageError(`Invalid IP address: ${ip}`)
  if (findClient(state, name)) {
    // unverified: S20 claims "already exists" for a duplicate name.
    throw failed(ctx.command, RC.OBJECT_ALREADY_EXISTS, `Error:  A client named ${name} already exists.`)
  }
  if (ip !== undefined && state.clients.some((c) => c.ip === ip)) {
    throw failed(
      ctx.command,
      RC.OBJECT_ALREADY_EXISTS,
      'Error:  A client with the same IP address has already been registered.',
    )
  }
  if (hostname !== undefined && state.clients.some((c) => c.hostname === hostname)) {
    // unverified: NOT FOUND in reference (the hostname twin of the duplicate-IP error).
    throw failed(
      ctx.command,
      RC.OBJECT_ALREADY_EXISTS,
      'Error:  A client with the same hostname has already been registered.',
    )
  }
  // The certificate is the one `vtl createCert -n <host or ip>` made and scp put in the admin home.
  const candidates = [`${hostname ?? ip}.pem`, `${name}.pem`]
  const fileName = candidates.find((n) => state.files[n] !== undefined)
  if (!fileName) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.FILE_NOT_FOUND,
      `Error:  Client certificate file ${candidates[0]} was not found. Copy it to the appliance with scp first.`,
    )
  }
  const pem = app.readFile(fileName)?.toString('utf8') ?? ''
  try {
    new X509Certificate(pem)
  } catch {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.CERTIFICATE_INVALID,
      `Error:  ${fileName} does not contain a valid certificate.`,
    )
  }
  state.clients.push({ name, hostname, ip, certificatePem: pem, partitions: [] })
  app.commit()
  // The HID guide's 4.x line has no full stop.
  io.print(state.era === 4 ? "'client register' successful\n" : "\n'client register' successful.\n")
}

function printClientShow(ctx: CommandContext, client: ClientState): string {
  const partitions = client.partitions.length ? client.partitions.map((p) => `"${p}"`).join(', ') : '<none>'
  if (ctx.app.state.era === 4) {
    // The HID guide: `Client ID:`, `IPAddress:`, `Partitions:`, spacing collapsed by the document.
    // unverified: the hostname line and `<none>` on 4.x.
    const address =
      client.hostname !== undefined ? `Hostname: ${client.hostname}\n` : `IPAddress: ${client.ip ?? ''}\n`
    return `\nClient ID: ${client.name}\n${address}Partitions: ${partitions}\n\n`
  }
  const address =
    client.hostname !== undefined
      ? `Hostname:     ${client.hostname}\n`
      : // unverified: the IP form (the procedure shows `IPAddress:` with collapsed spacing).
        `IPAddress:    ${client.ip ?? ''}\n`
  const htl = ctx.app.state.era === 7 ? '' : 'HTL Required: no\nOTT Expiry:   n/a\n'
  return `\nClientID:     ${client.name}\n${address}${htl}Partitions:   ${partitions}\n\n`
}

export const clientCommands: CommandSpec[] = [
  {
    words: ['client', 'register'],
    summary: 'Register a client (its certificate must be uploaded first)',
    access: 'admin',
    options: [CLIENT, { name: 'hostname', short: ['h'] }, { name: 'ip', short: ['i'] }],
    run: clientRegister,
  },
  {
    words: ['client', 'list'],
    summary: 'List registered clients',
    access: 'read',
    run: async ({ app, io }) => {
      const clients = app.state.clients
      io.print(
        clients.length === 0
          ? '\nNo clients are registered.\n\n'
          : // The HID guide's 4.x listing capitalises it: `Registered client 1: supreme`.
            `\n${clients.map((c, i) => `${app.state.era === 4 ? 'Registered' : 'registered'} client ${i + 1}: ${c.name}\n`).join('')}\n`,
      )
    },
  },
  {
    words: ['client', 'show'],
    summary: 'Show a client',
    access: 'read',
    options: [CLIENT],
    run: async (ctx) => ctx.io.print(printClientShow(ctx, requireClient(ctx))),
  },
  {
    words: ['client', 'assignPartition'],
    summary: 'Give a client access to a partition',
    access: 'admin',
    options: [CLIENT, PARTITION],
    run: async (ctx) => {
      const client = requireClient(ctx)
      const partition = requirePartition(ctx, requireOption(ctx, 'partition'))
      if (client.partitions.includes(partition.name)) {
        throw failed(
          ctx.command,
          RC.OBJECT_ALREADY_EXISTS,
          `Error:  The client already has access to partition ${partition.name}.`,
        )
      }
      client.partitions.push(partition.name)
      ctx.app.commit()
      ctx.io.print("\n'client assignPartition' successful.\n")
    },
  },
  {
    words: ['client', 'revokePartition'],
    summary: "Remove a client's access to a partition",
    access: 'admin',
    options: [CLIENT, PARTITION],
    run: async (ctx) => {
      const client = requireClient(ctx)
      const name = requireOption(ctx, 'partition')
      if (!client.partitions.includes(name)) {
        throw failed(
          ctx.command,
          RC.OBJECT_NOT_IN_LIST,
          'Error:  Specified partition was not assigned to client.',
        )
      }
      client.partitions = client.partitions.filter((p) => p !== name)
      ctx.app.commit()
      ctx.io.print("\n'client revokePartition' successful.\n")
    },
  },
  {
    words: ['client', 'delete'],
    summary: 'Delete a client',
    access: 'admin',
    options: [CLIENT, FORCE],
    run: async (ctx) => {
      const client = requireClient(ctx)
      await confirmOrCancel(
        ctx,
        `\nCAUTION:  Are you sure you wish to delete client named:\n            ${client.name}\n` +
          "          Type 'proceed' to delete the client, or 'quit'\n          to quit now.\n          > ",
      )
      ctx.app.state.clients = ctx.app.state.clients.filter((c) => c !== client)
      ctx.app.commit()
      ctx.io.print("'client delete' successful.\n")
    },
  },
  {
    words: ['client', 'fingerprint'],
    summary: "Show the fingerprint of a client's certificate",
    access: 'read',
    options: [CLIENT],
    run: async (ctx) => {
      const client = findClient(ctx.app.state, requireOption(ctx, 'client'))
      if (!client) {
        throw new CommandFailure(
          "\nError:  The client you specified does not exist.\n        Use 'client list' to list all available clients.\n" +
            `Error:  'client fingerprint' failed. (${RC.OBJECT_NOT_IN_LIST})\n\n`,
        )
      }
      ctx.io.print(`\n\n\nCertificate fingerprint: ${certificateMd5Fingerprint(client.certificatePem)}\n\n`)
    },
  },
]
