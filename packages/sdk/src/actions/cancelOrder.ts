import { auctionsAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { OrderId } from '../types.js'

/** Parameters of {@link cancelOrder}. */
export type CancelOrderParameters = {
  deployment: HearthDeployment
  orderId: OrderId
}

/** What {@link cancelOrder} returns. */
export type CancelOrderReturnType = TransactionResult & {
  /** The whole deposit, returned to the consumer. */
  refund: bigint
}

/** What {@link cancelOrder} can throw. */
export type CancelOrderErrorType = WriteErrorType

/**
 * The consumer cancels an open order and gets its whole deposit back.
 *
 * @param client A client with the order's consumer account.
 * @param parameters The order.
 * @throws {ContractRevertError} e.g. `CallerNotConsumer`, `OrderNotOpen`, `OrderNotFound`.
 */
export async function cancelOrder(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: CancelOrderParameters,
): Promise<CancelOrderReturnType> {
  const { deployment, orderId } = parameters
  assertChain(client, deployment)
  const { auctions } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: auctions,
    data: encodeFunctionData({ abi: auctionsAbi, functionName: 'cancelOrder', args: [orderId] }),
    operation: 'Auctions.cancelOrder',
  })
  const { args } = findEvent(result.receipt, {
    abi: auctionsAbi,
    eventName: 'OrderCancelled',
    address: auctions,
  })
  return { ...result, refund: args.refund }
}
