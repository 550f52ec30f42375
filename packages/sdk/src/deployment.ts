import { type Address, getAddress, isAddress } from 'viem'
import { z } from 'zod'
import { DeploymentParseError } from './errors/DeploymentParseError.js'
import type { MarketId } from './types.js'

/** A market created at deployment, with the name it was given (names are off chain). */
export type DeployedMarket = {
  /** The market's id on chain. */
  id: MarketId
  /** Human name, e.g. `rtx-4090 · tUSD`. */
  name: string
  /** GPU model the market trades (decoded from its bytes32), empty for "any GPU" or CPU-only. */
  gpuModel: string
  /** The ERC-20 the market is paid in. */
  token: Address
}

/**
 * Where Hearth lives on one chain: every contract's address, the markets created at deployment and
 * the block it was deployed in (where an indexer starts). Passed to every action; the SDK keeps none.
 */
export type HearthDeployment = {
  /** The chain's id. */
  chainId: number
  /** Block of the first deployment transaction. */
  deployBlock: bigint
  contracts: {
    /** HEAT, the protocol token (`HearthToken`). */
    hearthToken: Address
    providerRegistry: Address
    marketplace: Address
    auctions: Address
    marketLens: Address
    /** tUSD (`TestStablecoin`), on local and test networks only. */
    testStablecoin?: Address
  }
  /** Receives the unburned protocol fees. */
  treasury: Address
  /** The markets created at deployment. */
  markets: readonly DeployedMarket[]
}

const address = z
  .string()
  .refine(isAddress, 'Invalid address')
  .transform((value) => getAddress(value))

const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  deployBlock: z
    .union([z.bigint(), z.string().regex(/^\d+$/, 'Expected a decimal integer')])
    .transform(BigInt),
  contracts: z.object({
    hearthToken: address,
    providerRegistry: address,
    marketplace: address,
    auctions: address,
    marketLens: address,
    testStablecoin: address.optional(),
  }),
  treasury: address,
  markets: z.array(
    z.object({
      id: z.number().int().min(1).max(65_535),
      name: z.string(),
      gpuModel: z.string(),
      token: address,
    }),
  ),
})

/**
 * Checks and types a deployment read from JSON (bigints may be decimal strings, addresses any case).
 * @param value The parsed JSON, e.g. of `.hearth/devnet.json`.
 * @returns The deployment, with checksummed addresses.
 * @throws {DeploymentParseError} listing every problem when the shape is wrong.
 */
export function parseDeployment(value: unknown): HearthDeployment {
  const result = deploymentSchema.safeParse(value)
  if (!result.success) {
    throw new DeploymentParseError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    )
  }
  const { contracts, ...rest } = result.data
  const { testStablecoin, ...core } = contracts
  return { ...rest, contracts: testStablecoin === undefined ? core : { ...core, testStablecoin } }
}

/**
 * Serializes a deployment to JSON (bigints as decimal strings); {@link parseDeployment} reads it back,
 * ignoring any extra fields (a devnet file adds its RPC URL and accounts).
 * @param deployment The deployment, possibly with extra fields.
 * @returns Pretty-printed JSON with a trailing newline.
 */
export function serializeDeployment(deployment: HearthDeployment & Record<string, unknown>): string {
  return `${JSON.stringify(deployment, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`
}
