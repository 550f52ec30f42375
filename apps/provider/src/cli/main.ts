import { BaseError } from '@hearth/sdk'
import { benchmarkCommand } from '../commands/benchmark.js'
import { initCommand } from '../commands/init.js'
import { registerCommand } from '../commands/register.js'
import { startCommand } from '../commands/start.js'
import { statusCommand } from '../commands/status.js'
import { withdrawCommand } from '../commands/withdraw.js'
import { agentVersion } from '../version.js'
import { CliError, type Io } from './Io.js'

type Command = { summary: string; run: (argv: readonly string[], io: Io) => Promise<number> }

const commands: Record<string, Command> = {
  init: { summary: 'create or import the key, probe the hardware, write provider.yaml', run: initCommand },
  benchmark: {
    summary: 'run the matrix-multiply benchmark in a container and check it',
    run: benchmarkCommand,
  },
  register: { summary: 'benchmark, stake and register this machine on chain', run: registerCommand },
  start: { summary: 'run the agent: join markets, run leases, serve the provider API', run: startCommand },
  status: { summary: 'leases, earnings, stake and reputation', run: statusCommand },
  withdraw: { summary: 'withdraw what every lease has earned', run: withdrawCommand },
}

const usage = `Usage: hearth provider <command> [options]   (also: hearth-provider <command>)

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(11)}${command.summary}`)
  .join('\n')}

Every command takes --data-dir (default $HEARTH_PROVIDER_HOME or ~/.hearth/provider) and --json.
The key's password comes from HEARTH_PASSWORD or a prompt; HEARTH_PRIVATE_KEY overrides the keystore.`

/**
 * Runs the provider command line. Never exits the process: returns the exit code (0 ok, 1 expected
 * failure, 2 usage, 70 bug).
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage}\n`)
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout(`${agentVersion}\n`)
    return 0
  }
  try {
    const command = commands[name]
    if (!command) throw new CliError(`unknown command "${name}" (see \`hearth provider --help\`)`, 2)
    return await command.run(rest, io)
  } catch (error) {
    return report(error, io)
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof CliError) {
    io.stderr(`hearth provider: ${error.message}\n`)
    return error.exitCode
  }
  if (error instanceof BaseError) {
    const lines = [error.shortMessage, ...error.metaMessages.filter((line) => line !== '')]
    const deepest = error.walk()
    const why = deepest instanceof BaseError && deepest !== error ? deepest.shortMessage : ''
    io.stderr(
      `hearth provider: ${lines.join('\n  ')}${why && !lines.join(' ').includes(why) ? `\n  (${why})` : ''}\n`,
    )
    return 1
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    io.stderr(`hearth provider: ${(error as Error).message}\n`)
    return 2
  }
  io.stderr(
    `hearth provider: unexpected error; this is a bug, please report it with this output:\n${
      error instanceof Error ? (error.stack ?? error.message) : String(error)
    }\n`,
  )
  return 70
}
