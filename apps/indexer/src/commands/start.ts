import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPublicClient, http } from 'viem'
import { getChainId } from 'viem/actions'
import { serveIndexerApi } from '../api/serveIndexerApi.js'
import { parseApiOptions } from '../cli/apiOptions.js'
import { CliError, type Io } from '../cli/Io.js'
import {
  commonOptions,
  commonUsage,
  databaseUrl,
  parseFollowOptions,
  readDeployment,
} from '../cli/options.js'
import { openDatabase } from '../db/IndexerDatabase.js'
import { Indexer, type IndexerLogger } from '../Indexer.js'

const usage = `Usage: hearth indexer start [options]

Follows the Hearth contracts' events from the deployment block into SQL (SQLite by default, PostgreSQL
with --db postgres://…), in batches, undoing reorgs, until Ctrl-C. The cursor survives restarts.

Options:
${commonUsage}
  --batch-blocks <n>       blocks per eth_getLogs request (default 2000)
  --reorg-depth <n>        blocks a reorg may replace; their hashes are kept (default 64)
  --confirmations <n>      blocks to stay behind the head (default 0)
  --poll-interval-ms <n>   how often to look for new blocks once caught up (default 1000)
  --once                   index up to the head, print where it stopped and exit (no API)
  --api-port <n>           port of the HTTP API and console (default 8600; 0: a free port)
  --api-host <host>        address the API listens on (default 127.0.0.1)
  --no-api                 follow the chain without serving the API
  --console-dir <dir>      the console's static build (default apps/console/dist, when built)
  --devnet-file <file>     a local network's file with its dev keys, served at /devnet.json for the
                           console (\`hearth devnet\` passes its own; never a real key file)
  --rate-limit <n>         requests per second per client IP (default 200; bursts of twice that)`

/** `hearth indexer start`. */
export async function startCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...commonOptions,
      'batch-blocks': { type: 'string' },
      'reorg-depth': { type: 'string' },
      confirmations: { type: 'string' },
      'poll-interval-ms': { type: 'string' },
      once: { type: 'boolean', default: false },
      'api-port': { type: 'string' },
      'api-host': { type: 'string' },
      'no-api': { type: 'boolean', default: false },
      'console-dir': { type: 'string' },
      'devnet-file': { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    strict: true,
  })
  if (values.help) {
    io.stdout(`${usage}\n`)
    return 0
  }
  const follow = parseFollowOptions(values)
  const apiOptions = parseApiOptions(values)
  const { deployment, rpcUrl } = readDeployment(values, io)
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 1 }) })
  const chainId = await getChainId(client).catch((cause: unknown) => {
    throw new CliError(
      `no JSON-RPC endpoint answers at ${rpcUrl} (${(cause as Error).message.split('\n')[0]})`,
    )
  })
  if (chainId !== deployment.chainId) {
    throw new CliError(`${rpcUrl} is chain ${chainId}, but the deployment is for chain ${deployment.chainId}`)
  }
  const database = await openDatabase({ url: databaseUrl(values, io) })
  const json = values.json === true
  const logger: IndexerLogger = {
    info: (context, message) => log('info', context, message),
    warn: (context, message) => log('warn', context, message),
  }
  function log(level: string, context: Record<string, unknown>, message: string) {
    if (json) io.stdout(`${JSON.stringify({ level, time: Date.now(), msg: message, ...context })}\n`)
    else
      io.stderr(
        `hearth indexer: ${message} ${Object.entries(context)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}\n`,
      )
  }
  let served: Awaited<ReturnType<typeof serveIndexerApi>> | undefined
  try {
    let head: number | undefined
    if (!values.once && !values['no-api']) {
      const builtConsole = fileURLToPath(new URL('../../../console/dist', import.meta.url))
      const consoleDir = values['console-dir']
        ? resolve(io.cwd, values['console-dir'])
        : existsSync(builtConsole)
          ? builtConsole
          : undefined
      served = await serveIndexerApi({
        db: database.db,
        host: apiOptions.apiHost,
        port: apiOptions.apiPort,
        consoleDir,
        ...(values['devnet-file'] ? { devnetFile: resolve(io.cwd, values['devnet-file']) } : {}),
        rateLimit: { ratePerSecond: apiOptions.rateLimit, burst: apiOptions.rateLimit * 2 },
        head: () => head,
      }).catch((cause: unknown) => {
        throw new CliError(
          `cannot serve the API on ${apiOptions.apiHost}:${apiOptions.apiPort} (${(cause as Error).message.split('\n')[0]})`,
        )
      })
      if (json) log('info', { url: served.url, consoleDir: consoleDir ?? null }, 'API listening')
      else io.stdout(`hearth indexer: API and console at ${served.url}/\n`)
    }
    const api = served?.api
    const indexer = new Indexer({
      database,
      client,
      deployment,
      logger,
      ...follow,
      onApplied: api ? (batch) => api.applied(batch) : undefined,
    })
    if (values.once) {
      const result = await indexer.poll()
      if (json) io.stdout(`${JSON.stringify({ db: database.location, ...result })}\n`)
      else
        io.stdout(
          `indexed up to block ${result.cursor} (${result.events} events) into ${database.location}\n`,
        )
      return 0
    }
    log('info', { db: database.location, rpcUrl, chainId }, 'following the chain (Ctrl-C stops)')
    await indexer.run({
      signal: io.signal,
      pollIntervalMs: follow.pollIntervalMs,
      onPoll: (result) => {
        head = result.head
      },
    })
    log('info', {}, 'stopped')
    return 0
  } finally {
    await served?.close()
    await database.close()
  }
}
