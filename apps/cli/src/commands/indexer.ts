import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CliError } from '../CliError.js'
import type { Io } from '../io.js'

/** Where the indexer's command lives in this repository. */
export const indexerBin = fileURLToPath(new URL('../../../indexer/bin/hearth-indexer.mjs', import.meta.url))

export const indexerUsage = `Usage: hearth indexer <start|stats> [options]

The indexer's commands (the same as \`hearth-indexer\`): run \`hearth indexer --help\`.`

/**
 * `hearth indexer …`: runs the indexer's own command line in a child process (the indexer is an app
 * of its own), passing the terminal through and forwarding a stop request as SIGTERM.
 */
export async function indexer(argv: readonly string[], io: Io): Promise<number> {
  if (!existsSync(indexerBin)) throw new CliError(`the indexer is not installed (${indexerBin} is missing)`)
  const child = spawn(process.execPath, [indexerBin, ...argv], {
    cwd: io.cwd,
    env: { ...io.env },
    stdio: 'inherit',
  })
  const stop = () => child.kill('SIGTERM')
  io.signal.addEventListener('abort', stop, { once: true })
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : 1)))
    })
  } finally {
    io.signal.removeEventListener('abort', stop)
  }
}
