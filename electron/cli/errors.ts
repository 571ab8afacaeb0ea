/** An error the CLI reports as one line on stderr, with the exit code a script can act on (2: usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** A command line that cannot be run as given: exit code 2. */
export const usageError = (message: string): CliError => new CliError(message, 2)
