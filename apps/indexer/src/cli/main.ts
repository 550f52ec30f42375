import { BaseError } from '@hearth/sdk'
import { CliError, type Io } from './Io.js'

type Run = (argv: readonly string[], io: Io) => Promise<number>

const commands: Record<string, { summary: string; load: () => Promise<Run> }> = {
  start: {
    summary: 'follow the chain into the index (SQLite, or PostgreSQL with --db postgres://…)',
    load: async () => (await import('../commands/start.js')).startCommand,
  },
  stats: {
    summary: 'print the network stats from the index',
    load: async () => (await import('../commands/stats.js')).statsCommand,
  },
}

const usage = `Usage: hearth indexer <command> [options]   (also: hearth-indexer <command>)

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(8)}${command.summary}`)
  .join('\n')}

Run \`hearth indexer <command> --help\` for its options.`

/** Runs the indexer's command line; returns the exit code (0 ok, 1 expected failure, 2 usage, 70 bug). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage}\n`)
    return name === undefined ? 2 : 0
  }
  try {
    const command = commands[name]
    if (!command) throw new CliError(`unknown command "${name}" (see \`hearth indexer --help\`)`, 2)
    return await (await command.load())(rest, io)
  } catch (error) {
    return report(error, io)
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof CliError) {
    io.stderr(`hearth indexer: ${error.message}\n`)
    return error.exitCode
  }
  if (error instanceof BaseError) {
    const deepest = error.walk()
    const why = deepest instanceof Error && deepest !== error ? deepest.message.split('\n')[0] : ''
    io.stderr(
      `hearth indexer: ${error.shortMessage}${why && !error.shortMessage.includes(why) ? ` (${why})` : ''}\n`,
    )
    return 1
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    io.stderr(`hearth indexer: ${(error as Error).message}\n`)
    return 2
  }
  io.stderr(
    `hearth indexer: unexpected error; this is a bug, please report it with this output:\n${
      error instanceof Error ? (error.stack ?? error.message) : String(error)
    }\n`,
  )
  return 70
}
