import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { HearthDeployment } from '@hearth/sdk'
import { type DeploymentFile, DeploymentFileError, readDeploymentFile } from '@hearth/sdk/node'
import { z } from 'zod'
import { CliError, type Io } from './Io.js'

/** Options every indexer command takes, as node:util parseArgs declares them. */
export const commonOptions = {
  deployment: { type: 'string' },
  'rpc-url': { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

export const commonUsage = `  --deployment <file>   the deployment file (default .hearth/devnet.json, written by \`hearth devnet\`)
  --rpc-url <url>       JSON-RPC endpoint (default $HEARTH_RPC_URL, the deployment file's rpcUrl, http://127.0.0.1:8545)
  --db <path|url>       a SQLite file, or postgres://… (default $HEARTH_INDEXER_DB, else <data-dir>/index.sqlite);
                        put a password in $HEARTH_INDEXER_DB, not on the command line
  --data-dir <dir>      default $HEARTH_INDEXER_HOME or ~/.hearth/indexer
  --json                machine-readable output`

const integer = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${name} must be a whole number` })
    .int(`--${name} must be a whole number`)
    .min(min, `--${name} must be at least ${min}`)
    .max(max, `--${name} must be at most ${max}`)

/** The follower's tuning options, parsed. */
export const followOptionsSchema = z.object({
  batchBlocks: integer('batch-blocks', 1, 100_000).default(2000),
  reorgDepth: integer('reorg-depth', 1, 10_000).default(64),
  confirmations: integer('confirmations', 0, 1000).default(0),
  pollIntervalMs: integer('poll-interval-ms', 50, 600_000).default(1000),
})

/** Parses the follower's options from their flag values. */
export function parseFollowOptions(values: Record<string, unknown>): z.output<typeof followOptionsSchema> {
  const result = followOptionsSchema.safeParse({
    batchBlocks: values['batch-blocks'],
    reorgDepth: values['reorg-depth'],
    confirmations: values.confirmations,
    pollIntervalMs: values['poll-interval-ms'],
  })
  if (!result.success) throw new CliError(result.error.issues[0]?.message ?? 'bad option', 2)
  return result.data
}

/** The deployment and the RPC URL to follow it at. */
export function readDeployment(
  values: { deployment?: string | undefined; 'rpc-url'?: string | undefined },
  io: Io,
): { deployment: HearthDeployment; rpcUrl: string } {
  const file = resolve(io.cwd, values.deployment ?? '.hearth/devnet.json')
  let read: DeploymentFile
  try {
    read = readDeploymentFile(file)
  } catch (error) {
    if (error instanceof DeploymentFileError && error.reason === 'missing' && !values.deployment)
      throw new CliError(
        'no deployment: start a local network with `hearth devnet` (it writes .hearth/devnet.json) or pass --deployment <file>',
      )
    if (error instanceof DeploymentFileError) throw new CliError(error.shortMessage)
    throw error
  }
  const { deployment } = read
  const rpcUrl = values['rpc-url'] ?? io.env.HEARTH_RPC_URL ?? read.rpcUrl ?? 'http://127.0.0.1:8545'
  return { deployment, rpcUrl }
}

/** The database URL or file: --db, $HEARTH_INDEXER_DB, else index.sqlite in the data dir. */
export function databaseUrl(
  values: { db?: string | undefined; 'data-dir'?: string | undefined },
  io: Io,
): string {
  const given = values.db ?? io.env.HEARTH_INDEXER_DB
  if (given !== undefined && given !== '') {
    if (/^postgres(ql)?:\/\//.test(given)) return given
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
      throw new CliError(
        `--db must be a SQLite file path or a postgres:// URL, not ${given.split('://')[0]}://…`,
        2,
      )
    }
    return resolve(io.cwd, given)
  }
  const dataDir = values['data-dir']
    ? resolve(io.cwd, values['data-dir'])
    : io.env.HEARTH_INDEXER_HOME
      ? resolve(io.cwd, io.env.HEARTH_INDEXER_HOME)
      : join(homedir(), '.hearth', 'indexer')
  return join(dataDir, 'index.sqlite')
}
