import type { Address } from 'viem'
import type { MarketConfig } from '../types.js'
import { toBytes32String } from '../utils/bytes32.js'

/** A market to create at deployment: its on-chain configuration and an off-chain name. */
export type MarketDefinition = {
  /** Human name, e.g. `rtx-4090 (tUSD)`. */
  name: string
  config: MarketConfig
}

/** The payment tokens a deployment has, for choosing markets. */
export type DeployedTokens = {
  /** HEAT. */
  heat: Address
  /** The stablecoin the markets are priced in (USDC on a real chain, tUSD on a local one), if any. */
  stablecoin?: Stablecoin | undefined
}

/** A dollar-pegged ERC-20 markets can be priced in. */
export type Stablecoin = {
  address: Address
  /** Shown in market names, e.g. `USDC`. */
  symbol: string
  /** The token's decimals (6 for USDC and tUSD). */
  decimals: number
}

/** A GPU class of the default markets, priced in micro-dollars per hour. */
type MarketClass = {
  gpuModel: string
  minVramMiB: number
  gpusPerLease: number
  microUsdPerHour: bigint
}

/**
 * Default classes and launch prices, close to what the networks in the seed article charged in 2025.
 * `gpusPerLease: 0` makes a CPU-only market; an empty `gpuModel` accepts any GPU.
 */
const classes: readonly MarketClass[] = [
  { gpuModel: 'rtx-4090', minVramMiB: 24_000, gpusPerLease: 1, microUsdPerHour: 300_000n },
  { gpuModel: 'rtx-3090', minVramMiB: 24_000, gpusPerLease: 1, microUsdPerHour: 180_000n },
  { gpuModel: 'a100-80gb', minVramMiB: 80_000, gpusPerLease: 1, microUsdPerHour: 1_100_000n },
  { gpuModel: 'h100-80gb', minVramMiB: 80_000, gpusPerLease: 1, microUsdPerHour: 2_000_000n },
  { gpuModel: '', minVramMiB: 0, gpusPerLease: 0, microUsdPerHour: 40_000n },
]

/** Utilization the reference price steers toward: 80%. */
const targetUtilizationBps = 8000

/**
 * A market config for `cls` paid in a token with `decimals`, valued at one dollar a token; the price
 * may move between a tenth and ten times the launch price.
 */
function config(cls: MarketClass, token: Address, decimals: number): MarketConfig {
  const referencePricePerSecond = (cls.microUsdPerHour * 10n ** BigInt(decimals)) / (3600n * 1_000_000n)
  return {
    gpuModel: toBytes32String(cls.gpuModel),
    token,
    minVramMiB: cls.minVramMiB,
    gpusPerLease: cls.gpusPerLease,
    targetUtilizationBps,
    referencePricePerSecond,
    minPricePerSecond: referencePricePerSecond / 10n > 0n ? referencePricePerSecond / 10n : 1n,
    maxPricePerSecond: referencePricePerSecond * 10n,
  }
}

/**
 * The markets a fresh deployment opens: RTX 4090, RTX 3090, A100 80 GB, H100 80 GB and CPU-only paid in
 * the stablecoin (in HEAT when there is none), plus an RTX 4090 market paid in HEAT.
 * @param tokens The deployment's payment tokens.
 * @returns One definition per market, in creation order (ids 1, 2, …).
 */
export function defaultMarkets(tokens: DeployedTokens): MarketDefinition[] {
  const { heat, stablecoin } = tokens
  const name = (cls: MarketClass, symbol: string) => `${cls.gpuModel || 'cpu'} (${symbol})`
  if (stablecoin === undefined) {
    return classes.map((cls) => ({ name: name(cls, 'HEAT'), config: config(cls, heat, 18) }))
  }
  const stable = classes.map((cls) => ({
    name: name(cls, stablecoin.symbol),
    config: config(cls, stablecoin.address, stablecoin.decimals),
  }))
  const [rtx4090] = classes
  return rtx4090 ? [...stable, { name: name(rtx4090, 'HEAT'), config: config(rtx4090, heat, 18) }] : stable
}
