/**
 * An expected failure of a command (bad usage, a port in use, a revert): printed as one line, exit
 * code `exitCode`. Anything else that escapes a command is a bug.
 */
export class CliError extends Error {
  override name = 'CliError'
  /** The process exit code: 2 for bad usage, 1 otherwise. */
  readonly exitCode: number

  /**
   * @param message One line for the user.
   * @param exitCode Default 1.
   */
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

/** A command was called wrongly: exit code 2, with a pointer to `--help`. */
export class UsageError extends CliError {
  override name = 'UsageError'

  /** @param message What is wrong with the arguments. */
  constructor(message: string) {
    super(`${message} (see \`hearth --help\`)`, 2)
  }
}
