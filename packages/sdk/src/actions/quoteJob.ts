import { marketplaceAbi, Tier } from '@hearth/abi'
import { type Address, type Chain, type Client, erc20Abi, getAddress, type Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { ReadErrorType } from '../errors/types.js'
import type { IndexerClient } from '../indexer-api/createIndexerClient.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import { type MatchOffersReturnType, matchOffers, type QuoteMarket } from '../quote/matchOffers.js'
import type { JobSpec } from '../spec/jobSpecSchema.js'
import { fromBytes32String } from '../utils/bytes32.js'
import { getQueue } from './getQueue.js'
import { listMarkets } from './listMarkets.js'
import { listProviders } from './listProviders.js'
import { quotePrice } from './quotePrice.js'

/** Parameters of {@link quoteJob}. */
export type QuoteJobParameters = {
  deployment: HearthDeployment
  /** The parsed spec (`parseJobSpec(text).spec`). */
  spec: JobSpec
  /** Blocks per `eth_getLogs` call when listing providers (default 10 000). */
  blocksPerCall?: bigint | undefined
  /**
   * An indexer to list the registered providers from instead of scanning the chain's events; their
   * records, the markets and the prices are still read from the chain.
   */
  indexer?: Pick<IndexerClient, 'listAll' | 'listProviders'> | undefined
}

/** What {@link quoteJob} returns: the offers, the auction candidates, the reasons, and what was read. */
export type QuoteJobReturnType = MatchOffersReturnType & {
  /** The tier the spec asks for (`placement.minTier`, default economy). */
  tier: 'economy' | 'priority' | 'trusted'
  /** Every market read, with the price at that tier. */
  markets: QuoteMarket[]
  /** How many providers are registered. */
  providerCount: number
}

/** What {@link quoteJob} can throw. */
export type QuoteJobErrorType = ReadErrorType | InvalidParameterError

const tiers = { economy: Tier.Economy, priority: Tier.Priority, trusted: Tier.Trusted } as const

/**
 * Who can run a spec now and at what price, and why nobody can when nobody can. Reads every market
 * (its price at the spec's tier, its queue) and every registered provider from the chain, and checks
 * each provider against each requirement of the spec: GPU vendor, model or class, count and VRAM,
 * CPU, RAM and disk, region, compliance, supply source, tier and reputation, a market that trades the
 * spec, `maxPrice`, and a place in a queue (a take is matched at once only to a waiting provider).
 *
 * @example
 * const { spec } = parseJobSpec(text)
 * const quote = await quoteJob(publicClient, { deployment, spec })
 * if (quote.offers.length === 0) for (const reason of quote.reasons) console.log(reason.message)
 *
 * @param client Any client on the deployment's chain.
 * @param parameters The deployment and the spec.
 * @returns Offers (cheapest first), providers that could bid in an auction, and the reasons.
 */
export async function quoteJob(
  client: Client<Transport, Chain | undefined>,
  parameters: QuoteJobParameters,
): Promise<QuoteJobReturnType> {
  const { deployment, spec, blocksPerCall, indexer } = parameters
  assertChain(client, deployment)
  const tierName = spec.placement?.minTier ?? 'economy'
  const tier = tiers[tierName]
  const [onChain, providers, tierParams] = await Promise.all([
    listMarkets(client, { deployment }),
    (indexer
      ? indexer
          .listAll((query) => indexer.listProviders(query))
          .then((listed) => listed.map((p) => getAddress(p.address)))
      : Promise.resolve(undefined)
    ).then((addresses) => listProviders(client, { deployment, blocksPerCall, addresses })),
    guard('Marketplace.tierParams', () =>
      readContract(client, {
        abi: marketplaceAbi,
        address: deployment.contracts.marketplace,
        functionName: 'tierParams',
        args: [tier],
      }),
    ),
  ])
  const tokens = new Map<Address, Promise<{ symbol: string; decimals: number }>>()
  const tokenOf = (token: Address) => {
    let found = tokens.get(token)
    if (!found) {
      found = readToken(client, token)
      tokens.set(token, found)
    }
    return found
  }
  const markets = await Promise.all(
    onChain.map(async (market): Promise<QuoteMarket> => {
      const { id } = market
      const [token, pricePerSecond, queue] = await Promise.all([
        tokenOf(market.config.token),
        quotePrice(client, { deployment, market: id, tier }),
        getQueue(client, { deployment, market: id }),
      ])
      const gpuModel = fromBytes32String(market.config.gpuModel)
      const named = deployment.markets.find((deployed) => deployed.id === id)?.name
      return {
        id,
        name:
          named ??
          `${gpuModel || (market.config.gpusPerLease === 0 ? 'cpu' : 'any-gpu')} (${token.symbol}) #${id}`,
        gpuModel,
        gpusPerLease: market.config.gpusPerLease,
        minVramMiB: market.config.minVramMiB,
        paused: market.paused,
        token: market.config.token,
        symbol: token.symbol,
        decimals: token.decimals,
        pricePerSecond,
        queue: new Map(queue.map((entry) => [entry.provider, entry.slots])),
      }
    }),
  )
  const matched = matchOffers({
    spec,
    markets,
    providers,
    tierMinReputation: tierParams.minReputation,
    tierName,
  })
  return { ...matched, tier: tierName, markets, providerCount: providers.length }
}

async function readToken(
  client: Client<Transport, Chain | undefined>,
  token: Address,
): Promise<{ symbol: string; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    guard('ERC20.symbol', () =>
      readContract(client, { abi: erc20Abi, address: token, functionName: 'symbol' }),
    ),
    guard('ERC20.decimals', () =>
      readContract(client, { abi: erc20Abi, address: token, functionName: 'decimals' }),
    ),
  ])
  return { symbol, decimals }
}
