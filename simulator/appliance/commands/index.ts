import { CommandTable, type CommandSpec } from '../commandTable'
import type { Era } from '../contract'
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

/** 3.x/4.x name the network group `net` (the HID guide, LinOTP's 4.5 guide); `network` came with 5.x. */
const net4x = (specs: CommandSpec[]): CommandSpec[] =>
  specs.map((spec) => ({ ...spec, words: ['net', ...spec.words.slice(1)] }))

export function createCommandTable(era: Era = 6): CommandTable {
  const specs: CommandSpec[] = []
  specs.push(
    ...clientCommands,
    ...hsmCommands,
    ...myCommands,
    ...(era === 4 ? net4x(networkCommands) : networkCommands),
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
