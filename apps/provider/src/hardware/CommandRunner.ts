/** What a finished command gave back. */
export type CommandResult = {
  /** Exit status; `null` when the command was killed (e.g. by the timeout). */
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a program with arguments (no shell).
 * Resolves to `undefined` when the program is not installed; never rejects for a failing program.
 */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult | undefined>
