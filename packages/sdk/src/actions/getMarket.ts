import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Market, MarketId } from '../types.js'

/** Parameters of {@link getMarket}. */
export type GetMarketParameters = {
  deployment: HearthDeployment
  market: MarketId
}

/** The market's configuration and live state, with its id. */
export type GetMarketReturnType = Market & { id: MarketId }

/** What {@link getMarket} can throw. */
export type GetMarketErrorType = ReadErrorType

/**
 * A market: configuration (GPU class, token, price and bounds) and live state (queue head, idle slots,
 * takes this epoch).
 * @param client Any client on the deployment's chain.
 * @param parameters The market.
 * @throws {ContractRevertError} `MarketNotFound`.
 */
export async function getMarket(
  client: Client<Transport, Chain | undefined>,
  parameters: GetMarketParameters,
): Promise<GetMarketReturnType> {
  const { deployment, market } = parameters
  assertChain(client, deployment)
  const state = await guard('Marketplace.getMarket', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getMarket',
      args: [market],
    }),
  )
  return { id: market, ...state }
}
