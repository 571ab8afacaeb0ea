import type { CommandSpec } from '../commandTable'
import { formatLinuxDate, zonedParts } from '../clock'
import { printIfconfig } from '../printers/network'

// unverified: NOT FOUND in reference (status date/time/zone output). Date and time print as Linux `date`.
export const statusCommands: CommandSpec[] = [
  {
    words: ['status', 'date'],
    summary: 'Show the date',
    access: 'read',
    run: async ({ app, io }) => io.print(`${formatLinuxDate(app.now(), app.state.time.zone)}\n`),
  },
  {
    words: ['status', 'time'],
    summary: 'Show the time',
    access: 'read',
    run: async ({ app, io }) => io.print(`${formatLinuxDate(app.now(), app.state.time.zone)}\n`),
  },
  {
    words: ['status', 'zone'],
    summary: 'Show the time zone',
    access: 'read',
    run: async ({ app, io }) => {
      const zone = app.state.time.zone
      io.print(`Timezone: ${zone} (${zonedParts(app.now(), zone).abbreviation})\n`)
    },
  },
  {
    words: ['status', 'interface'],
    summary: 'Show the network interfaces',
    access: 'read',
    run: async ({ app, io }) => io.print(printIfconfig(app.state)),
  },
]
