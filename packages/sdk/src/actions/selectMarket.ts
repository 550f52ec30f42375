import { type Address, type Chain, type Client, type Transport, zeroAddress } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import { NoMarketError } from '../errors/NoMarketError.js'
import type { ReadErrorType } from '../errors/types.js'
import { readTokenInfo } from '../internal/readTokenInfo.js'
import type { JobSpec } from '../spec/jobSpecSchema.js'
import { parseMaxPrice } from '../spec/parseMaxPrice.js'
import type { MarketId, TierValue } from '../types.js'
import { fromBytes32String } from '../utils/bytes32.js'
import { formatTokenAmount } from '../utils/formatTokenAmount.js'
import { gpuModelMatches } from '../utils/gpuModelMatches.js'
import { type GetMarketReturnType, getMarket } from './getMarket.js'
import { listMarkets } from './listMarkets.js'
import { quotePrice } from './quotePrice.js'

/** Parameters of {@link selectMarket}. */
export type SelectMarketParameters = {
  deployment: HearthDeployment
  /** The parsed spec: its GPU (model, class, count, VRAM) and `maxPrice` are read. */
  spec: JobSpec
  /** Use this market (still checked against the spec). */
  market?: MarketId | undefined
  /** Only markets paid in this token. */
  token?: Address | undefined
  /** Default `Tier.Economy`. */
  tier?: TierValue | undefined
}

/** The market chosen, its price now and its token. */
export type SelectMarketReturnType = {
  market: MarketId
  /** The name given at deployment, else `market <id>`. */
  name: string
  /** The market's state (config, queue head, idle slots). */
  state: GetMarketReturnType
  /** The price a take pays now at the tier, in the token's base units per second. */
  pricePerSecond: bigint
  /** The spec's `maxPrice` in base units per second, if it sets one. */
  maxPricePerSecond: bigint | undefined
  token: { address: Address; symbol: string; decimals: number }
  /** Whether a provider waits in the market's queue now (a take would be matched at once). */
  providerWaiting: boolean
}

/** What {@link selectMarket} can throw. */
export type SelectMarketErrorType = NoMarketError | ReadErrorType

/**
 * Chooses the market for a job spec: the GPU class it asks (`resources.gpu`: model or class, count and
 * minimum VRAM; CPU-only when it asks none), within its `maxPrice`, preferring a market where a
 * provider waits now, then one paid in a stablecoin, then the lowest price.
 *
 * @param client Any client on the deployment's chain.
 * @param parameters Deployment, spec, optional market, token and tier.
 * @returns The market, its price and token.
 * @throws {NoMarketError} saying what the spec asks and why no market fits.
 */
export async function selectMarket(
  client: Client<Transport, Chain | undefined>,
  parameters: SelectMarketParameters,
): Promise<SelectMarketReturnType> {
  const { deployment, spec, tier } = parameters
  const all =
    parameters.market === undefined
      ? await listMarkets(client, { deployment })
      : [await getMarket(client, { deployment, market: parameters.market })]
  const nameOf = (m: GetMarketReturnType) =>
    deployment.markets.find((d) => d.id === m.id)?.name ?? `market ${m.id}`
  const gpu = spec.resources.gpu
  const asks = gpu
    ? `${gpu.count} × ${gpu.models.length > 0 ? gpu.models.join(' or ') : (gpu.class ?? 'any')} GPU${gpu.minVramBytes ? ` with ≥ ${Math.ceil(gpu.minVramBytes / 2 ** 30)} GiB VRAM` : ''}`
    : 'no GPU (a CPU-only market)'
  const fits = all.filter((m) => {
    const { config } = m
    if (m.config.token === zeroAddress) return false
    if (parameters.token && config.token.toLowerCase() !== parameters.token.toLowerCase()) return false
    if (!gpu) return config.gpusPerLease === 0
    if (config.gpusPerLease !== gpu.count) return false
    const model = fromBytes32String(config.gpuModel)
    if (gpu.models.length > 0 && !gpu.models.some((wanted) => gpuModelMatches(wanted, model))) return false
    if (gpu.class !== undefined && gpu.class !== model && !nameOf(m).startsWith(gpu.class)) return false
    if (gpu.minVramBytes !== undefined && config.minVramMiB * 2 ** 20 < gpu.minVramBytes) return false
    return true
  })
  const offered = all
    .map((m) => (m.config.gpusPerLease === 0 ? 'cpu' : fromBytes32String(m.config.gpuModel) || 'any GPU'))
    .filter((v, i, a) => a.indexOf(v) === i)
  if (fits.length === 0) {
    throw new NoMarketError(`the spec asks ${asks}; the markets trade ${offered.join(', ') || 'nothing'}`)
  }
  const open = fits.filter((m) => !m.paused)
  if (open.length === 0) throw new NoMarketError(`every market for ${asks} is paused`)
  const priced = await Promise.all(
    open.map(async (m) => {
      const [pricePerSecond, token] = await Promise.all([
        quotePrice(client, { deployment, market: m.id, tier }),
        readTokenInfo(client, m.config.token),
      ])
      return {
        market: m.id,
        name: nameOf(m),
        state: m,
        pricePerSecond,
        maxPricePerSecond: parseMaxPrice(spec, token.decimals),
        token,
        providerWaiting: m.head !== zeroAddress,
      }
    }),
  )
  const affordable = priced.filter(
    (m) => m.maxPricePerSecond === undefined || m.pricePerSecond <= m.maxPricePerSecond,
  )
  if (affordable.length === 0) {
    const cheapest = priced.reduce((a, b) => (b.pricePerSecond < a.pricePerSecond ? b : a))
    const perHour = (value: bigint) =>
      `${formatTokenAmount(value * 3600n, cheapest.token.decimals)} ${cheapest.token.symbol}/h`
    throw new NoMarketError(
      `the cheapest market for ${asks}, ${cheapest.name}, asks ${perHour(cheapest.pricePerSecond)}, above the spec's maxPrice of ${spec.maxPrice?.perHour} ${cheapest.token.symbol}/h`,
    )
  }
  const stable = (m: (typeof affordable)[number]) => m.token.address !== deployment.contracts.hearthToken
  affordable.sort(
    (a, b) =>
      Number(b.providerWaiting) - Number(a.providerWaiting) ||
      Number(stable(b)) - Number(stable(a)) ||
      (a.pricePerSecond < b.pricePerSecond ? -1 : a.pricePerSecond > b.pricePerSecond ? 1 : 0),
  )
  return affordable[0] as SelectMarketReturnType
}
