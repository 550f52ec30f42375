import { auctionsAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Bid, OrderId } from '../types.js'

/** Parameters of {@link getBids}. */
export type GetBidsParameters = {
  deployment: HearthDeployment
  orderId: OrderId
}

/** On-chain bids in the order they were first placed (signed bids are not stored). */
export type GetBidsReturnType = readonly Bid[]

/** What {@link getBids} can throw. */
export type GetBidsErrorType = ReadErrorType

/**
 * The on-chain bids on an order.
 * @param client Any client on the deployment's chain.
 * @param parameters The order.
 */
export async function getBids(
  client: Client<Transport, Chain | undefined>,
  parameters: GetBidsParameters,
): Promise<GetBidsReturnType> {
  const { deployment, orderId } = parameters
  assertChain(client, deployment)
  return guard('Auctions.getBids', () =>
    readContract(client, {
      abi: auctionsAbi,
      address: deployment.contracts.auctions,
      functionName: 'getBids',
      args: [orderId],
    }),
  )
}
