import { BaseError, ContractRevertError, ProviderApiError } from '@hearth/sdk'
import { CliError, UsageError } from './CliError.js'
import { close, closeUsage } from './commands/close.js'
import { deploy, deployUsage } from './commands/deploy.js'
import { devnet, devnetUsage } from './commands/devnet.js'
import { fund, fundUsage } from './commands/fund.js'
import { importCommand, importUsage } from './commands/import.js'
import { indexer, indexerUsage } from './commands/indexer.js'
import { logs, logsUsage } from './commands/logs.js'
import { protocol, protocolUsage } from './commands/protocol.js'
import { provider, providerUsage } from './commands/provider.js'
import { quote, quoteUsage } from './commands/quote.js'
import { results, resultsUsage } from './commands/results.js'
import { run, runUsage } from './commands/run.js'
import { status, statusUsage } from './commands/status.js'
import { topUp, topUpUsage } from './commands/topUp.js'
import { validate, validateUsage } from './commands/validate.js'
import { explainRevert } from './consumer/explainRevert.js'
import type { Io } from './io.js'

export type { Io } from './io.js'

type Command = {
  summary: string
  usage: string
  run: (argv: readonly string[], io: Io) => Promise<number>
}

const commands: Record<string, Command> = {
  validate: {
    summary: 'check a job spec and list every problem with its line and column',
    usage: validateUsage,
    run: validate,
  },
  import: {
    summary: 'convert an Akash SDL or a Nosana job definition into a Hearth job spec',
    usage: importUsage,
    run: importCommand,
  },
  quote: {
    summary: 'who can run a job spec now, at what price, and why nobody can when nobody can',
    usage: quoteUsage,
    run: quote,
  },
  run: {
    summary: 'run a job spec on this machine in the same sandbox, without the chain, to test it first',
    usage: runUsage,
    run,
  },
  deploy: {
    summary: 'deploy a job spec: lease at the market price (or --auction), spec sent, progress to running',
    usage: deployUsage,
    run: deploy,
  },
  status: {
    summary: "a lease on chain and its job at the provider; without a lease, all of the account's leases",
    usage: statusUsage,
    run: status,
  },
  logs: { summary: "print (-f: follow) a lease's job log", usage: logsUsage, run: logs },
  results: {
    summary: "download a lease's results, checked against the hash on chain",
    usage: resultsUsage,
    run: results,
  },
  'top-up': { summary: "add to a lease's deposit", usage: topUpUsage, run: topUp },
  close: { summary: 'close a lease and get the unused deposit back', usage: closeUsage, run: close },
  devnet: {
    summary: 'start a local Hearth network (anvil + contracts + demo accounts) until Ctrl-C',
    usage: devnetUsage,
    run: devnet,
  },
  fund: {
    summary: 'devnet only: send test ETH, HEAT and tUSD to an address (a new provider or consumer key)',
    usage: fundUsage,
    run: fund,
  },
  provider: {
    summary: 'run this machine as a provider: init, benchmark, register, start, status, withdraw',
    usage: providerUsage,
    run: provider,
  },
  indexer: {
    summary: 'index the chain into SQLite or PostgreSQL (start) and print network stats (stats)',
    usage: indexerUsage,
    run: indexer,
  },
  protocol: {
    summary: 'deploy the protocol to an EVM chain through an RPC URL (key from HEARTH_PRIVATE_KEY)',
    usage: protocolUsage,
    run: protocol,
  },
}

const usage = `Usage: hearth <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(12)}${command.summary}`)
  .join('\n')}

Run \`hearth <command> --help\` for a command's options.`

/**
 * Runs the `hearth` command line. Never exits the process: the exit code is returned (the bin exits).
 * @param argv The arguments after `hearth`.
 * @param io Output, working directory and the stop signal.
 * @returns The exit code: 0 on success, 1 on an expected failure, 2 on bad usage, 70 on a bug.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage}\n`)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`)
    return await command.run(rest, io)
  } catch (error) {
    // Under --json the error is also one JSON object on stdout, for programs.
    const end = rest.indexOf('--')
    const json = (end === -1 ? rest : rest.slice(0, end)).includes('--json')
    return report(error, json ? withJsonError(io, errorCode(error)) : io)
  }
}

/** `io` whose error line `hearth: <message>` also prints `{"error":{"message","code"?}}` on stdout. */
function withJsonError(io: Io, code: string | undefined): Io {
  return {
    ...io,
    stderr: (text: string) => {
      io.stderr(text)
      const message = (text.replace(/^hearth: /, '').split('\n')[0] ?? '').trim()
      io.stdout(`${JSON.stringify({ error: { message, ...(code ? { code } : {}) } })}\n`)
    },
  }
}

/** A stable code for an error under `--json`: the Solidity error, the provider API's code, the SDK class. */
function errorCode(error: unknown): string | undefined {
  if (error instanceof ContractRevertError) return error.errorName
  if (error instanceof ProviderApiError) return error.code
  if (error instanceof UsageError) return 'usage'
  if (error instanceof CliError) return undefined
  if (error instanceof BaseError) return error.name
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return 'usage'
  return 'internal'
}

/** Prints an error: one line when expected, a bug report hint otherwise. Returns the exit code. */
function report(error: unknown, io: Io): number {
  if (error instanceof CliError) {
    io.stderr(`hearth: ${error.message}\n`)
    return error.exitCode
  }
  const explained = explainRevert(error)
  if (explained !== undefined) {
    io.stderr(`hearth: ${explained}\n`)
    return 1
  }
  if (error instanceof BaseError) {
    // A decoded contract error names itself; the node's raw text would only repeat it, encoded.
    const why = error instanceof ContractRevertError ? '' : rootDetails(error)
    const message = error.shortMessage.replace(/\.$/, '')
    io.stderr(`hearth: ${why && !message.includes(why) ? `${message}: ${why}` : message}\n`)
    return 1
  }
  // node:util parseArgs rejects unknown or malformed options with these codes.
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    io.stderr(`hearth: ${(error as Error).message} (see \`hearth --help\`)\n`)
    return 2
  }
  io.stderr(
    `hearth: unexpected error; this is a bug, please report it with this output:\n${
      error instanceof Error ? (error.stack ?? error.message) : String(error)
    }\n`,
  )
  return 70
}

/**
 * The most specific explanation in an error's cause chain: the `details` of the deepest error that has
 * one (viem puts the node's answer there, e.g. "insufficient funds for gas"), on one line.
 */
function rootDetails(error: Error): string {
  let found = ''
  let current: unknown = error
  for (let depth = 0; depth < 16 && current instanceof Error; depth++) {
    const details = (current as { details?: unknown }).details
    if (typeof details === 'string' && details.trim()) found = details.trim().split('\n')[0] ?? found
    current = current.cause
  }
  return found
}
