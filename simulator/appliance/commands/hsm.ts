import type { CommandSpec } from '../commandTable'
import { printHsmPolicies, printHsmShow, printLicenses } from '../printers/hsm'

export const hsmCommands: CommandSpec[] = [
  {
    words: ['hsm', 'show'],
    summary: 'Show HSM details',
    access: 'read',
    run: async ({ app, io }) => io.print(printHsmShow(app.state, app.profile)),
  },
  {
    words: ['hsm', 'showPolicies'],
    summary: 'Show HSM capabilities and policies',
    access: 'read',
    run: async ({ app, io }) => io.print(printHsmPolicies(app.state)),
  },
  {
    words: ['hsm', 'displayLicenses'],
    summary: 'Show HSM capability licenses',
    access: 'read',
    run: async ({ app, io }) => io.print(printLicenses(app.state)),
  },
]
