import { CommandTable, type CommandSpec } from '../commandTable'
import { hsmCommands } from './hsm'
import { sessionCommands } from './session'

export function createCommandTable(): CommandTable {
  const specs: CommandSpec[] = []
  specs.push(...hsmCommands, ...sessionCommands(() => specs))
  return new CommandTable(specs)
}
