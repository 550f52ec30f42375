import { runCommandLine } from '@hearth/sdk/node'
import { main } from './cli/main.js'

/**
 * The process side of `hearth-indexer`: the process's streams, signals and password prompt wired to the
 * command line. The first signal stops after the batch in flight (it is one transaction either way); a second exits.
 * @param argv The arguments after the command's name.
 */
export function runIndexerCli(argv: readonly string[]): Promise<void> {
  return runCommandLine(main, argv)
}
