import { promptPassword } from './promptPassword.js'

/** What a Hearth command line's `main` is given of the process. */
export type CommandLineIo = {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Aborted on the first SIGINT or SIGTERM: the command stops cleanly. */
  signal: AbortSignal
  env: Readonly<Record<string, string | undefined>>
  /** A no-echo password prompt on a terminal; absent otherwise. */
  promptPassword: ((question: string) => Promise<string>) | undefined
}

/**
 * The process side of a Hearth command line (`hearth`, `hearth-provider`, `hearth-indexer`): runs
 * `main` with the process's streams, working directory and environment, and sets the exit code.
 * The first SIGINT or SIGTERM aborts `signal` so the command can stop cleanly; a second one exits at
 * once (130 or 143).
 * @param main The command line, returning its exit code.
 * @param argv The arguments after the command's name.
 */
export async function runCommandLine(
  main: (argv: readonly string[], io: CommandLineIo) => Promise<number>,
  argv: readonly string[],
): Promise<void> {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143)
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    process.exitCode = await main(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      signal: controller.signal,
      env: process.env,
      promptPassword: process.stdin.isTTY ? promptPassword : undefined,
    })
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
