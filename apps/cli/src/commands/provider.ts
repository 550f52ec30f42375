import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CliError } from '../CliError.js'
import type { Io } from '../io.js'

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
export async function provider(argv: readonly string[], io: Io): Promise<number> {
  if (!existsSync(providerBin))
    throw new CliError(`the provider agent is not installed (${providerBin} is missing)`)
  const child = spawn(process.execPath, [providerBin, ...argv], {
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
