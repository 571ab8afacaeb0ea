import { CommandTable, type CommandSpec } from '../commandTable'
import { clientCommands } from './client'
import { hsmCommands } from './hsm'
import { networkCommands } from './network'
import { ntlsCommands } from './ntls'
import { partitionCommands } from './partition'
import { serviceCommands } from './service'
import { sessionCommands } from './session'
import { statusCommands } from './status'
import { sysconfCommands } from './sysconf'
import { userCommands } from './users'

export function createCommandTable(): CommandTable {
  const specs: CommandSpec[] = []
  specs.push(
    ...clientCommands,
    ...hsmCommands,
    ...userCommands.filter((s) => s.words[0] === 'my'),
    ...networkCommands,
    ...ntlsCommands,
    ...partitionCommands,
    ...serviceCommands,
    ...statusCommands,
    ...sysconfCommands,
    ...userCommands.filter((s) => s.words[0] === 'user'),
    ...sessionCommands(() => specs),
  )
  return new CommandTable(specs)
}
