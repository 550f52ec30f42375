import { auctionsAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Order, OrderId } from '../types.js'

/** Parameters of {@link getOrder}. */
export type GetOrderParameters = {
  deployment: HearthDeployment
  orderId: OrderId
}

/** The order as stored; `state` is `OrderState.None` when there is no such order. */
export type GetOrderReturnType = Order

/** What {@link getOrder} can throw. */
export type GetOrderErrorType = ReadErrorType

/**
 * A reverse-auction order: consumer, market, window, state, price ceiling, duration, deposit, placement.
 * @param client Any client on the deployment's chain.
 * @param parameters The order.
 */
export async function getOrder(
  client: Client<Transport, Chain | undefined>,
  parameters: GetOrderParameters,
): Promise<GetOrderReturnType> {
  const { deployment, orderId } = parameters
  assertChain(client, deployment)
  return guard('Auctions.getOrder', () =>
    readContract(client, {
      abi: auctionsAbi,
      address: deployment.contracts.auctions,
      functionName: 'getOrder',
      args: [orderId],
    }),
  )
}
