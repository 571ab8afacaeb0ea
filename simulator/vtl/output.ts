/** What a vtl command prints and returns. Errors go to stdout too, as the real tool's do in every transcript. */
export interface VtlIo {
  print(text: string): void
  /**
   * Asks for a secret left off the command line (see read-secret.ts); undefined when nothing was entered or
   * there is no one to ask.
   */
  readSecret?(prompt: string): Promise<string | undefined>
}

export class VtlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

export interface ParsedArgs {
  /** Lower-cased option names without the leading dash, e.g. { n: 'host', htl: '' }. */
  options: Map<string, string>
  positional: string[]
}

/** `-n host -c file -htl`: an option takes the next word as value unless that word is another option. */
export function parseArgs(words: string[], flags: string[] = []): ParsedArgs {
  const options = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    if (/^[-\u2013]/.test(word) && word.length > 1) {
      const name = word.replace(/^[-\u2013]+/, '').toLowerCase()
      const next = words[i + 1]
      if (!flags.includes(name) && next !== undefined && !/^[-\u2013]\D/.test(next)) {
        options.set(name, next)
        i++
      } else options.set(name, '')
    } else positional.push(word)
  }
  return { options, positional }
}

/** The first of several spellings that was given (`-n` / `-name`). */
export function option(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = args.options.get(name.toLowerCase())
    if (value !== undefined) return value
  }
  return undefined
}
