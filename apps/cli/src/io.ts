/** What a command may touch of the outside world, passed in so that tests can give their own. */
export type Io = {
  /** Writes to standard output (a whole line, with its newline). */
  stdout: (text: string) => void
  /** Writes to standard error. */
  stderr: (text: string) => void
  /** The working directory relative paths resolve against. */
  cwd: string
  /** Aborted when the user asks the command to stop (Ctrl-C, SIGTERM). */
  signal: AbortSignal
  /** Environment variables (keys and passwords may come from here, never from flags). */
  env: Readonly<Record<string, string | undefined>>
  /** Asks for a password without echo; absent when not on a terminal (then HEARTH_PASSWORD is needed). */
  promptPassword?: ((question: string) => Promise<string>) | undefined
}
