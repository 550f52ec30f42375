import { marketplaceAbi, Tier } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { MarketId, TierValue } from '../types.js'

/** Parameters of {@link quotePrice}. */
export type QuotePriceParameters = {
  deployment: HearthDeployment
  market: MarketId
  /** Default `Tier.Economy`. */
  tier?: TierValue | undefined
}

/** Price per second in the market token's base units. */
export type QuotePriceReturnType = bigint

/** What {@link quotePrice} can throw. */
export type QuotePriceErrorType = ReadErrorType

/**
 * The price per second a take in `market` at `tier` pays now: the reference price with pending epoch
 * updates applied, times the tier's multiplier.
 * @param client Any client on the deployment's chain.
 * @param parameters Market and tier.
 * @throws {ContractRevertError} `MarketNotFound`.
 */
export async function quotePrice(
  client: Client<Transport, Chain | undefined>,
  parameters: QuotePriceParameters,
): Promise<QuotePriceReturnType> {
  const { deployment, market, tier = Tier.Economy } = parameters
  assertChain(client, deployment)
  return guard('Marketplace.quotePrice', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'quotePrice',
      args: [market, tier],
    }),
  )
}
