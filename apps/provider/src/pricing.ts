import { parseUnits } from 'viem'

/** The owner's pricing policy (the `pricing` section of the config). */
export type PricingPolicy = {
  floorPerGpuHour: string
  towardReference: number
  markets: Readonly<Record<string, string>>
}

/** What {@link askPrice} needs to know about a market. */
export type PricedMarket = {
  id: number
  /** The market's reference price now, base units per second. */
  referencePricePerSecond: bigint
  minPricePerSecond: bigint
  maxPricePerSecond: bigint
  /** GPUs one lease rents; 0 for a CPU-only market (priced per lease-hour). */
  gpusPerLease: number
  /** Decimals of the market's payment token. */
  decimals: number
}

/** The floor of a market in base units per second (rounded up: never below what the owner asked). */
export function floorPerSecond(policy: PricingPolicy, market: PricedMarket): bigint {
  const perGpuHour = parseUnits(policy.markets[String(market.id)] ?? policy.floorPerGpuHour, market.decimals)
  const perHour = perGpuHour * BigInt(Math.max(1, market.gpusPerLease))
  return (perHour + 3599n) / 3600n
}

/**
 * The price to ask in a market: the owner's floor raised toward the market's reference price by
 * `towardReference` (0 asks the floor, 1 the reference), never under the floor, never outside the
 * market's bounds. `undefined` when the floor is above the market's maximum: the agent sits out.
 *
 * @returns Base units per second, or undefined.
 */
export function askPrice(policy: PricingPolicy, market: PricedMarket): bigint | undefined {
  const floor = floorPerSecond(policy, market)
  if (floor > market.maxPricePerSecond) return undefined
  const reference = market.referencePricePerSecond
  const weightBps = BigInt(Math.round(policy.towardReference * 10_000))
  let price = reference > floor ? floor + ((reference - floor) * weightBps) / 10_000n : floor
  if (price < market.minPricePerSecond) price = market.minPricePerSecond
  if (price > market.maxPricePerSecond) price = market.maxPricePerSecond
  return price
}

/** Whether taking the market's price (a queue take) pays at least the floor. */
export function marketPays(policy: PricingPolicy, market: PricedMarket): boolean {
  return market.referencePricePerSecond >= floorPerSecond(policy, market)
}
