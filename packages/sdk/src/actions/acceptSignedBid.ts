import { auctionsAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type OrderAcceptance, orderAccepted } from '../internal/orderAccepted.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { SignedBid } from './signBid.js'

/** Parameters of {@link acceptSignedBid}. */
export type AcceptSignedBidParameters = {
  deployment: HearthDeployment
  /** The bid and signature from {@link signBid}. */
  signedBid: SignedBid
}

/** What {@link acceptSignedBid} returns. */
export type AcceptSignedBidReturnType = TransactionResult & OrderAcceptance

/** What {@link acceptSignedBid} can throw. */
export type AcceptSignedBidErrorType = WriteErrorType

/**
 * The consumer submits and accepts a provider's off-chain signed bid: the lease opens at its price.
 *
 * @param client A client with the order's consumer account.
 * @param parameters The signed bid.
 * @returns The lease opened and the refund.
 * @throws {ContractRevertError} e.g. `BidSignatureInvalid`, `BidExpired`, `BidAboveMax`, `ProviderUnfit`.
 */
export async function acceptSignedBid(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: AcceptSignedBidParameters,
): Promise<AcceptSignedBidReturnType> {
  const { deployment, signedBid } = parameters
  assertChain(client, deployment)
  const result = await sendHearthTransaction(client, {
    to: deployment.contracts.auctions,
    data: encodeFunctionData({
      abi: auctionsAbi,
      functionName: 'acceptSignedBid',
      args: [signedBid.bid, signedBid.signature],
    }),
    operation: 'Auctions.acceptSignedBid',
  })
  return { ...result, ...orderAccepted(result.receipt, deployment) }
}
