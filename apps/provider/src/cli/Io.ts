/** What a command may touch of the outside world, passed in so that tests can give their own. */
export type Io = {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Aborted on SIGINT / SIGTERM: a long-running command stops cleanly. */
  signal: AbortSignal
  /** Environment (HEARTH_PASSWORD, HEARTH_PRIVATE_KEY, HEARTH_PROVIDER_HOME come from here). */
  env: Readonly<Record<string, string | undefined>>
  /** Asks for a password without echo, when a terminal is attached; undefined otherwise. */
  promptPassword?: ((question: string) => Promise<string>) | undefined
}

/** An expected failure: printed as one line, exit code 1 (2 for usage). */
export class CliError extends Error {
  override name = 'CliError'
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}
