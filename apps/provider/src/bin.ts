import { runCommandLine } from '@hearth/sdk/node'
import { main } from './cli/main.js'

/**
 * The process side of `hearth-provider`: the process's streams, signals and password prompt wired to the
 * command line. The first signal stops the agent gracefully (jobs keep running); a second exits.
 * @param argv The arguments after the command's name.
 */
export function runProviderCli(argv: readonly string[]): Promise<void> {
  return runCommandLine(main, argv)
}
