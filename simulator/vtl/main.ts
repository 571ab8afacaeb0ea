import { existsSync } from 'node:fs'
import { ClientRoot } from './client-root'
import { createCert } from './create-cert'
import { haAdmin } from './ha-admin'
import { parseArgs, VtlError, type ParsedArgs, type VtlIo } from './output'
import { readSecret } from './read-secret'
import { addServer, deleteServer, listServersCommand } from './servers'
import { listSlots, verify } from './slots'

type Command = (client: ClientRoot, args: ParsedArgs, io: VtlIo, words: string[]) => number | Promise<number>

const COMMANDS: Record<string, Command> = {
  addServer: (client, args, io) => addServer(client, args, io),
  deleteServer: (client, args, io) => deleteServer(client, args, io),
  listServers: (client, args, io) => listServersCommand(client, args, io),
  createCert: (client, args, io) => createCert(client, args, io),
  verify: (client, args, io) => verify(client, args, io),
  listSlots: (client, args, io) => listSlots(client, args, io),
  haAdmin: (client, _args, io, words) => haAdmin(client, words, io),
}

// unverified: NOT FOUND in reference (vtl's usage text)
const USAGE = [
  'Usage: vtl <command> [options]',
  '',
  '  addServer -n <server host/ip> -c <server certificate file> [-htl]',
  '  deleteServer -n <server host/ip>',
  '  listServers',
  '  createCert -n <client name> [-c country] [-s state] [-l locality] [-o organization] [-u unit]',
  '  verify',
  '  listSlots',
  '  haAdmin newGroup | addMember | removeMember | deleteGroup | synchronize | HAOnly | show',
  '',
].join('\n')

/** Case-insensitive, any unambiguous prefix (`vtl ver`, S16). */
export function resolveCommand(word: string): string | undefined {
  const wanted = word.toLowerCase()
  const names = Object.keys(COMMANDS)
  const exact = names.find((name) => name.toLowerCase() === wanted)
  if (exact) return exact
  const matches = names.filter((name) => name.toLowerCase().startsWith(wanted))
  return matches.length === 1 ? matches[0] : undefined
}

export async function runVtl(argv: string[], clientRootPath: string, io: VtlIo): Promise<number> {
  const [word, ...rest] = argv
  const name = word ? resolveCommand(word) : undefined
  if (!name) {
    io.print(USAGE)
    return 1
  }
  try {
    return await (COMMANDS[name] as Command)(
      new ClientRoot(clientRootPath),
      parseArgs(rest, ['htl']),
      io,
      rest,
    )
  } catch (error) {
    if (error instanceof VtlError) {
      io.print(`${error.message}\n`)
      return error.exitCode
    }
    io.print(`Error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const root = process.env.ChrystokiConfigurationPath
  if (!root || !existsSync(root)) {
    process.stdout.write(
      'Error: ChrystokiConfigurationPath does not name the client folder. Run the vtl the simulator printed (<client root>/bin/vtl).\n',
    )
    process.exitCode = 1
    return
  }
  process.exitCode = await runVtl(argv, root, {
    print: (text) => process.stdout.write(text),
    readSecret: (prompt) => readSecret(prompt),
  })
}

if (process.argv[1] && /vtl[\\/]main\.ts$/.test(process.argv[1])) void main()
