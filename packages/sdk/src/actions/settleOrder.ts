import { auctionsAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type OrderAcceptance, orderAccepted } from '../internal/orderAccepted.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { OrderId } from '../types.js'

/** Parameters of {@link settleOrder}. */
export type SettleOrderParameters = {
  deployment: HearthDeployment
  orderId: OrderId
}

/** What {@link settleOrder} returns. */
export type SettleOrderReturnType = TransactionResult & OrderAcceptance

/** What {@link settleOrder} can throw. */
export type SettleOrderErrorType = WriteErrorType

/**
 * After the bidding window, anyone settles an order: the on-chain bid with the lowest
 * reputation-weighted price among providers still fit wins, and its lease opens.
 *
 * @param client A client with any account.
 * @param parameters The order.
 * @returns The lease opened and the refund.
 * @throws {ContractRevertError} e.g. `BiddingStillOpen`, `OrderHasNoEligibleBid`, `OrderNotOpen`.
 */
export async function settleOrder(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: SettleOrderParameters,
): Promise<SettleOrderReturnType> {
  const { deployment, orderId } = parameters
  assertChain(client, deployment)
  const result = await sendHearthTransaction(client, {
    to: deployment.contracts.auctions,
    data: encodeFunctionData({ abi: auctionsAbi, functionName: 'settle', args: [orderId] }),
    operation: 'Auctions.settle',
  })
  return { ...result, ...orderAccepted(result.receipt, deployment) }
}
