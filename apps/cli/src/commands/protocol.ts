import { UsageError } from '../CliError.js'
import type { Io } from '../io.js'
import { deployUsage, protocolDeploy } from './protocolDeploy.js'

/** Help text of `hearth protocol`. */
export const protocolUsage = `Usage: hearth protocol deploy --rpc-url <url> [options]

Protocol operations. \`hearth protocol deploy --help\` for the deploy options.`

/**
 * `hearth protocol …`: `deploy` deploys the Hearth contracts to a chain.
 * @param argv The arguments after `protocol`.
 * @param io Output, working directory, environment.
 * @returns The exit code.
 */
export async function protocol(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(`${protocolUsage}\n\n${deployUsage}\n`)
    return sub === undefined ? 2 : 0
  }
  if (sub !== 'deploy') throw new UsageError(`unknown protocol command "${sub}"`)
  return protocolDeploy(rest, io)
}
