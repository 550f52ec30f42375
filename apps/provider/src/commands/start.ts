import type { Io } from '../cli/Io.js'
import { runAgent } from '../runAgent.js'
import {
  createLogger,
  helpRequested,
  loadCommandConfig,
  loadProviderAccount,
  parseCommand,
} from './common.js'

const usage = `Usage: hearth provider start [--data-dir DIR] [--config FILE] [--log-level info]

Runs the agent until SIGINT/SIGTERM: follows the chain for leases, runs each in a sandboxed container,
reports results and closes leases, keeps the machine queued in its market, answers auctions, withdraws
earnings on a schedule, and serves the provider API. Logs are JSON lines (pino) on stdout; metrics are
at /metrics. Stopping leaves jobs running: the next start takes them back.`

/** `hearth provider start`. */
export async function startCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, { 'log-level': { type: 'string', default: 'info' } })
  if (helpRequested(values, io, usage)) return 0
  const config = await loadCommandConfig(values, io)
  const account = await loadProviderAccount(config, io)
  const logger = createLogger(String(values['log-level'] ?? 'info'), io.stdout)
  const running = await runAgent({ config, account, logger })
  io.stderr(
    `hearth provider: ${account.address} serving ${running.url} (Ctrl-C stops the agent; jobs keep running)\n`,
  )
  if (!io.signal.aborted)
    await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }))
  logger.info({}, 'stopping: jobs keep running')
  await running.stop()
  logger.flush()
  return 0
}
