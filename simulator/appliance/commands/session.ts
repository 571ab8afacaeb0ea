import type { CommandSpec } from '../commandTable'

export function sessionCommands(all: () => CommandSpec[]): CommandSpec[] {
  return [
    {
      words: ['help'],
      summary: 'Show the available commands',
      access: 'read',
      run: async ({ io }) => {
        // unverified: NOT FOUND in reference (the layout of lunash `help`).
        const groups = new Map<string, string[]>()
        for (const spec of all()) {
          const group = spec.words[0] as string
          groups.set(group, [...(groups.get(group) ?? []), spec.words.slice(1).join(' ')])
        }
        io.print(
          '\nThe following commands are available:\n\n' +
            [...groups.entries()]
              .map(([group, subs]) => `  ${group.padEnd(12)}${subs.filter((s) => s !== '').join(', ')}\n`)
              .join('') +
            '\nCommands and subcommands may be abbreviated to any unambiguous prefix.\n',
        )
      },
    },
    {
      words: ['exit'],
      summary: 'Leave the shell',
      access: 'read',
      run: async ({ hangup }) => hangup('exit'),
    },
    {
      words: ['logout'],
      summary: 'Leave the shell',
      access: 'read',
      run: async ({ hangup }) => hangup('exit'),
    },
  ]
}
