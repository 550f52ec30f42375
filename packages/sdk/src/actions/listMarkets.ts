import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import { type GetMarketReturnType, getMarket } from './getMarket.js'

/** Parameters of {@link listMarkets}. */
export type ListMarketsParameters = {
  deployment: HearthDeployment
}

/** Every market on chain, by ascending id. */
export type ListMarketsReturnType = GetMarketReturnType[]

/** What {@link listMarkets} can throw. */
export type ListMarketsErrorType = ReadErrorType

/**
 * Every market on chain (not only those created at deployment), by id.
 * @param client Any client on the deployment's chain.
 * @param parameters The deployment.
 */
export async function listMarkets(
  client: Client<Transport, Chain | undefined>,
  parameters: ListMarketsParameters,
): Promise<ListMarketsReturnType> {
  const { deployment } = parameters
  assertChain(client, deployment)
  const count = await guard('Marketplace.marketCount', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'marketCount',
    }),
  )
  // Market ids are 1-based and dense.
  const ids = Array.from({ length: Number(count) }, (_, i) => i + 1)
  return Promise.all(ids.map((market) => getMarket(client, { deployment, market })))
}
