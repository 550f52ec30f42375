import { fileURLToPath } from 'node:url'
import type { Io } from '../io.js'
import { runAppBin } from '../runAppBin.js'

/** Where the provider agent's command lives in this repository. */
export const providerBin = fileURLToPath(
  new URL('../../../provider/bin/hearth-provider.mjs', import.meta.url),
)

export const providerUsage = `Usage: hearth provider <init|benchmark|register|start|status|withdraw> [options]

The provider agent's commands (the same as \`hearth-provider\`): run \`hearth provider --help\`.`

/**
 * `hearth provider …`: runs the provider agent's own command line in a child process (the agent is
 * an app of its own), passing the terminal through and forwarding a stop request as SIGTERM.
 */
export function provider(argv: readonly string[], io: Io): Promise<number> {
  return runAppBin(providerBin, 'the provider agent', argv, io)
}
