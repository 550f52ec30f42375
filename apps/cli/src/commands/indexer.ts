import { fileURLToPath } from 'node:url'
import type { Io } from '../io.js'
import { runAppBin } from '../runAppBin.js'

/** Where the indexer's command lives in this repository. */
export const indexerBin = fileURLToPath(new URL('../../../indexer/bin/hearth-indexer.mjs', import.meta.url))

export const indexerUsage = `Usage: hearth indexer <start|stats> [options]

The indexer's commands (the same as \`hearth-indexer\`): run \`hearth indexer --help\`.`

/**
 * `hearth indexer …`: runs the indexer's own command line in a child process (the indexer is an app
 * of its own), passing the terminal through and forwarding a stop request as SIGTERM.
 */
export function indexer(argv: readonly string[], io: Io): Promise<number> {
  return runAppBin(indexerBin, 'the indexer', argv, io)
}
