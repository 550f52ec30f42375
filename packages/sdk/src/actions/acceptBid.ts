import { auctionsAbi } from '@hearth/abi'
import { type Account, type Address, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type OrderAcceptance, orderAccepted } from '../internal/orderAccepted.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { OrderId } from '../types.js'

/** Parameters of {@link acceptBid}. */
export type AcceptBidParameters = {
  deployment: HearthDeployment
  orderId: OrderId
  /** The provider whose on-chain bid to accept. */
  provider: Address
}

/** What {@link acceptBid} returns. */
export type AcceptBidReturnType = TransactionResult & OrderAcceptance

/** What {@link acceptBid} can throw. */
export type AcceptBidErrorType = WriteErrorType

/**
 * The consumer accepts a provider's on-chain bid: the lease opens at the bid's price and the rest of
 * the order's deposit comes back.
 *
 * @param client A client with the order's consumer account.
 * @param parameters Order and provider.
 * @returns The lease opened and the refund.
 * @throws {ContractRevertError} e.g. `BidNotFound`, `CallerNotConsumer`, `OrderNotOpen`, `ProviderUnfit`.
 */
export async function acceptBid(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: AcceptBidParameters,
): Promise<AcceptBidReturnType> {
  const { deployment, orderId, provider } = parameters
  assertChain(client, deployment)
  const result = await sendHearthTransaction(client, {
    to: deployment.contracts.auctions,
    data: encodeFunctionData({ abi: auctionsAbi, functionName: 'acceptBid', args: [orderId, provider] }),
    operation: 'Auctions.acceptBid',
  })
  return { ...result, ...orderAccepted(result.receipt, deployment) }
}
