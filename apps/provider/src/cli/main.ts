import { BaseError } from '@hearth/sdk'
import { agentVersion } from '../version.js'
import { CliError, type Io } from './Io.js'

type Run = (argv: readonly string[], io: Io) => Promise<number>
type Command = { summary: string; load: () => Promise<Run> }

// Each command is loaded when it runs: the long-lived `start` keeps out of memory what only the
// one-shot commands need (hardware probes, the benchmark workload, the keystore's scrypt).
const commands: Record<string, Command> = {
  init: {
    summary: 'create or import the key, probe the hardware, write provider.yaml',
    load: async () => (await import('../commands/init.js')).initCommand,
  },
  benchmark: {
    summary: 'run the matrix-multiply benchmark in a container and check it',
    load: async () => (await import('../commands/benchmark.js')).benchmarkCommand,
  },
  register: {
    summary: 'benchmark, stake and register this machine on chain',
    load: async () => (await import('../commands/register.js')).registerCommand,
  },
  start: {
    summary: 'run the agent: join markets, run leases, serve the provider API',
    load: async () => (await import('../commands/start.js')).startCommand,
  },
  status: {
    summary: 'leases, earnings, stake and reputation',
    load: async () => (await import('../commands/status.js')).statusCommand,
  },
  withdraw: {
    summary: 'withdraw what every lease has earned',
    load: async () => (await import('../commands/withdraw.js')).withdrawCommand,
  },
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
    return await (await command.load())(rest, io)
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
