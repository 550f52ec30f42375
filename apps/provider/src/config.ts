import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { z } from 'zod'
import { ConfigError } from './errors.js'

const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal number like "0.25" (in the market token\'s whole units)')

const pricingSchema = z
  .object({
    /** The least the owner accepts per GPU-hour (per lease-hour in CPU-only markets), in whole token units. */
    floorPerGpuHour: decimal.default('0'),
    /**
     * How far from the floor toward the market's reference price to ask, from 0 (the floor) to 1 (the
     * reference). Default 0.9: a little under the market, so auctions go our way.
     */
    towardReference: z.number().min(0).max(1).default(0.9),
    /** Per-market floors that override `floorPerGpuHour` (market id → decimal). */
    markets: z.record(z.string().regex(/^\d+$/, 'must be a market id'), decimal).default({}),
    /** How to answer auctions: `signed` serves EIP-712 bids at /v1/orders/:id/bid; `onchain` also places them. */
    bids: z.enum(['signed', 'onchain', 'off']).default('signed'),
  })
  .strict()

/**
 * What the owner declares about the machine on top of what the agent probes. `gpus` set to a number
 * declares GPUs the machine does not show (a devnet convenience: jobs then run without GPU
 * passthrough, and the agent says so loudly at start-up).
 */
const declareSchema = z
  .object({
    region: z.string().max(31).default(''),
    complianceTags: z.array(z.number().int().min(0).max(63)).default([]),
    supplySource: z.enum(['home', 'datacenter', 'miner']).default('home'),
    bandwidthMbps: z.number().int().min(0).max(4_294_967_295).default(1000),
    gpuModel: z.string().optional(),
    gpuCount: z.number().int().min(0).max(65_535).optional(),
    vramMiB: z.number().int().min(0).optional(),
  })
  .strict()

/** The agent's configuration file (`provider.yaml` in the data dir), parsed and with defaults. */
export const providerConfigSchema = z
  .object({
    /** JSON-RPC endpoint of the chain. */
    rpcUrl: z.string().url(),
    /** Path of the deployment JSON (`hearth protocol deploy` / `hearth devnet` write it), relative to the config file. */
    deployment: z.string().min(1),
    /** Encrypted keystore (Web3 Secret Storage v3), relative to the config file. */
    keystore: z.string().default('key.json'),
    /** Where the API listens. */
    api: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65_535).default(8443),
        /** The URL consumers reach it at, registered on chain. Default `http://<host>:<port>`. */
        publicUrl: z.string().url().optional(),
      })
      .strict()
      .default({ host: '0.0.0.0', port: 8443 }),
    declare: declareSchema.default({
      region: '',
      complianceTags: [],
      supplySource: 'home',
      bandwidthMbps: 1000,
    }),
    /** Markets to serve: `auto` (every market the hardware fits) or ids. */
    markets: z
      .union([z.literal('auto'), z.array(z.number().int().min(1).max(65_535)).min(1)])
      .default('auto'),
    pricing: pricingSchema.default({
      floorPerGpuHour: '0',
      towardReference: 0.9,
      markets: {},
      bids: 'signed',
    }),
    /** Withdraw earnings this often (seconds); 0 turns the schedule off. */
    withdrawIntervalSeconds: z.number().int().min(0).default(3600),
    /** Poll the chain this often. */
    pollIntervalMs: z.number().int().min(50).max(60_000).default(1000),
    /** Blocks to wait before acting on an event (0 on a local chain; a few on a real one). */
    confirmations: z.number().int().min(0).max(64).default(0),
    /** Blocks per `eth_getLogs` request while catching up. */
    logBatchBlocks: z.number().int().min(1).max(100_000).default(2000),
    /** Docker engine: `auto` finds one or starts Hearth's own; else a `unix://` or `tcp://` host. */
    docker: z.string().default('auto'),
    /** Publish job ports on this host address (the API proxies them). */
    publishHost: z.string().default('127.0.0.1'),
    /** Leases to run at once at most (default: what the hardware offers in its markets). */
    maxLeases: z.number().int().min(1).max(1024).optional(),
  })
  .strict()

/** The parsed configuration. */
export type ProviderConfig = z.output<typeof providerConfigSchema>

/** The configuration as written in the file. */
export type ProviderConfigInput = z.input<typeof providerConfigSchema>

/** A loaded configuration with its paths resolved. */
export type LoadedConfig = ProviderConfig & {
  /** The data dir: the folder of the config file, holding the journal, job folders and the key. */
  dataDir: string
  configPath: string
  deploymentPath: string
  keystorePath: string
}

/** The default data dir: `$HEARTH_PROVIDER_HOME`, else `~/.hearth/provider`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HEARTH_PROVIDER_HOME ? resolve(env.HEARTH_PROVIDER_HOME) : join(homedir(), '.hearth', 'provider')
}

/** The config file in a data dir. */
export function configPathIn(dataDir: string): string {
  return join(dataDir, 'provider.yaml')
}

function resolveFrom(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path)
}

/**
 * Reads and checks the config file.
 * @throws {ConfigError} naming the file and every bad field.
 */
export async function loadConfig(configPath: string): Promise<LoadedConfig> {
  if (!existsSync(configPath)) {
    throw new ConfigError(`No provider config at ${configPath}.`, [
      'Run `hearth provider init` first, or pass --config.',
    ])
  }
  let raw: unknown
  try {
    raw = parseYaml(await readFile(configPath, 'utf8'))
  } catch (error) {
    throw new ConfigError(`${configPath} is not valid YAML: ${(error as Error).message}`)
  }
  const result = providerConfigSchema.safeParse(raw ?? {})
  if (!result.success) {
    throw new ConfigError(
      `${configPath} has ${result.error.issues.length} problem${result.error.issues.length === 1 ? '' : 's'}.`,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    )
  }
  const dataDir = dirname(resolve(configPath))
  return {
    ...result.data,
    dataDir,
    configPath: resolve(configPath),
    deploymentPath: resolveFrom(dataDir, result.data.deployment),
    keystorePath: resolveFrom(dataDir, result.data.keystore),
  }
}

/** Writes a config file (atomically), creating its folder. */
export async function writeConfig(configPath: string, config: ProviderConfigInput): Promise<void> {
  providerConfigSchema.parse(config)
  await mkdir(dirname(configPath), { recursive: true, mode: 0o700 })
  const tmp = `${configPath}.tmp-${process.pid}`
  await writeFile(
    tmp,
    `# Hearth provider agent configuration. Every field: apps/provider/README.md\n${stringifyYaml(config)}`,
    { mode: 0o600 },
  )
  await rename(tmp, configPath)
}
