import { auctionsAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { OrderId } from '../types.js'

/** Parameters of {@link placeBid}. */
export type PlaceBidParameters = {
  deployment: HearthDeployment
  orderId: OrderId
  /** The price asked, at most the order's max; a repeat bid must be lower than the last. */
  pricePerSecond: bigint
}

/** What {@link placeBid} returns. */
export type PlaceBidReturnType = TransactionResult & {
  orderId: OrderId
  pricePerSecond: bigint
}

/** What {@link placeBid} can throw. */
export type PlaceBidErrorType = WriteErrorType

/**
 * Places (or lowers) the client's bid on an open order, on chain. A provider that would rather not
 * send a transaction signs a bid with {@link signBid} instead.
 *
 * @param client A client with the provider's account.
 * @param parameters Order and price.
 * @throws {ContractRevertError} e.g. `BiddingClosed`, `BidAboveMax`, `BidNotLower`, `ProviderUnfit`.
 */
export async function placeBid(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: PlaceBidParameters,
): Promise<PlaceBidReturnType> {
  const { deployment, orderId, pricePerSecond } = parameters
  assertChain(client, deployment)
  const { auctions } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: auctions,
    data: encodeFunctionData({ abi: auctionsAbi, functionName: 'placeBid', args: [orderId, pricePerSecond] }),
    operation: 'Auctions.placeBid',
  })
  const { args } = findEvent(result.receipt, { abi: auctionsAbi, eventName: 'BidPlaced', address: auctions })
  return { ...result, orderId: args.order, pricePerSecond: args.pricePerSecond }
}
