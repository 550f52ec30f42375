/** What a command may touch of the outside world, passed in so that tests can give their own. */
export type Io = {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Aborted when the user asks the command to stop (Ctrl-C, SIGTERM). */
  signal: AbortSignal
  /** Environment variables (passwords come from here, never from flags). */
  env: Readonly<Record<string, string | undefined>>
}

/** An expected failure: printed as one line, exit code `exitCode` (2 for bad usage, else 1). */
export class CliError extends Error {
  override name = 'CliError'
  readonly exitCode: number

  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}
