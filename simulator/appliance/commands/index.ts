import { CommandTable, type CommandSpec } from '../commandTable'
import { clientCommands } from './client'
import { hsmCommands } from './hsm'
import { networkCommands } from './network'
import { ntlsCommands } from './ntls'
import { partitionCommands } from './partition'
import { serviceCommands } from './service'
import { sessionCommands } from './session'
import { sshCommands } from './ssh'
import { statusCommands } from './status'
import { sysconfCommands } from './sysconf'
import { myCommands } from './my'
import { userCommands } from './user'

export function createCommandTable(): CommandTable {
  const specs: CommandSpec[] = []
  specs.push(
    ...clientCommands,
    ...hsmCommands,
    ...myCommands,
    ...networkCommands,
    ...ntlsCommands,
    ...partitionCommands,
    ...serviceCommands,
    ...statusCommands,
    ...sysconfCommands,
    ...sshCommands,
    ...userCommands,
    ...sessionCommands(() => specs),
  )
  return new CommandTable(specs)
}
