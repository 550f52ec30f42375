import { runCommandLine } from '@hearth/sdk/node'
import { main } from './main.js'

/**
 * The process side of `hearth`: the process's streams, signals and password prompt wired to the
 * command line. The first signal asks the command to stop cleanly; a second one exits at once.
 * @param argv The arguments after the command's name.
 */
export function runCli(argv: readonly string[]): Promise<void> {
  return runCommandLine(main, argv)
}
