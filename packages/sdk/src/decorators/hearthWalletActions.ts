import type { Account, Chain, Client, Transport } from 'viem'
import { type AcceptBidParameters, type AcceptBidReturnType, acceptBid } from '../actions/acceptBid.js'
import { type AcceptOwnershipReturnType, acceptOwnership } from '../actions/acceptOwnership.js'
import {
  type AcceptSignedBidParameters,
  type AcceptSignedBidReturnType,
  acceptSignedBid,
} from '../actions/acceptSignedBid.js'
import {
  type CancelOrderParameters,
  type CancelOrderReturnType,
  cancelOrder,
} from '../actions/cancelOrder.js'
import { type CloseLeaseParameters, type CloseLeaseReturnType, closeLease } from '../actions/closeLease.js'
import {
  type CreateOrderParameters,
  type CreateOrderReturnType,
  createOrder,
} from '../actions/createOrder.js'
import { type FaucetParameters, type FaucetReturnType, faucet } from '../actions/faucet.js'
import {
  type FinishLeaseParameters,
  type FinishLeaseReturnType,
  finishLease,
} from '../actions/finishLease.js'
import { type JoinQueueParameters, type JoinQueueReturnType, joinQueue } from '../actions/joinQueue.js'
import { type LeaveQueueParameters, type LeaveQueueReturnType, leaveQueue } from '../actions/leaveQueue.js'
import {
  type OpenClusterParameters,
  type OpenClusterReturnType,
  openCluster,
} from '../actions/openCluster.js'
import { type OpenLeaseParameters, type OpenLeaseReturnType, openLease } from '../actions/openLease.js'
import { type PlaceBidParameters, type PlaceBidReturnType, placeBid } from '../actions/placeBid.js'
import {
  type RegisterProviderParameters,
  type RegisterProviderReturnType,
  registerProvider,
} from '../actions/registerProvider.js'
import {
  type SettleOrderParameters,
  type SettleOrderReturnType,
  settleOrder,
} from '../actions/settleOrder.js'
import { type SignBidParameters, type SignBidReturnType, signBid } from '../actions/signBid.js'
import { type TopUpParameters, type TopUpReturnType, topUp } from '../actions/topUp.js'
import { type WithdrawParameters, type WithdrawReturnType, withdraw } from '../actions/withdraw.js'
import {
  type WithdrawManyParameters,
  type WithdrawManyReturnType,
  withdrawMany,
} from '../actions/withdrawMany.js'
import type { HearthDeployment } from '../deployment.js'

/** Parameters of an action with the deployment bound. */
type Bound<parameters> = Omit<parameters, 'deployment'>

/** The write (and signing) actions bound to a client with an account and a deployment. */
export type HearthWalletActions = {
  acceptBid: (parameters: Bound<AcceptBidParameters>) => Promise<AcceptBidReturnType>
  acceptOwnership: () => Promise<AcceptOwnershipReturnType>
  acceptSignedBid: (parameters: Bound<AcceptSignedBidParameters>) => Promise<AcceptSignedBidReturnType>
  cancelOrder: (parameters: Bound<CancelOrderParameters>) => Promise<CancelOrderReturnType>
  closeLease: (parameters: Bound<CloseLeaseParameters>) => Promise<CloseLeaseReturnType>
  createOrder: (parameters: Bound<CreateOrderParameters>) => Promise<CreateOrderReturnType>
  faucet: (parameters: Bound<FaucetParameters>) => Promise<FaucetReturnType>
  finishLease: (parameters: Bound<FinishLeaseParameters>) => Promise<FinishLeaseReturnType>
  joinQueue: (parameters: Bound<JoinQueueParameters>) => Promise<JoinQueueReturnType>
  leaveQueue: (parameters: Bound<LeaveQueueParameters>) => Promise<LeaveQueueReturnType>
  openCluster: (parameters: Bound<OpenClusterParameters>) => Promise<OpenClusterReturnType>
  openLease: (parameters: Bound<OpenLeaseParameters>) => Promise<OpenLeaseReturnType>
  placeBid: (parameters: Bound<PlaceBidParameters>) => Promise<PlaceBidReturnType>
  registerProvider: (parameters: Bound<RegisterProviderParameters>) => Promise<RegisterProviderReturnType>
  settleOrder: (parameters: Bound<SettleOrderParameters>) => Promise<SettleOrderReturnType>
  signBid: (parameters: Bound<SignBidParameters>) => Promise<SignBidReturnType>
  topUp: (parameters: Bound<TopUpParameters>) => Promise<TopUpReturnType>
  withdraw: (parameters: Bound<WithdrawParameters>) => Promise<WithdrawReturnType>
  withdrawMany: (parameters: Bound<WithdrawManyParameters>) => Promise<WithdrawManyReturnType>
}

/**
 * A viem client decorator with Hearth's write actions bound to `deployment`:
 * `createWalletClient({ account, chain, transport }).extend(hearthWalletActions(deployment)).openLease({ … })`.
 * Combine with {@link hearthPublicActions} for the reads.
 * @param deployment Where Hearth lives on the client's chain.
 */
export function hearthWalletActions(
  deployment: HearthDeployment,
): (client: Client<Transport, Chain | undefined, Account>) => HearthWalletActions {
  return (client) => ({
    acceptBid: (parameters) => acceptBid(client, { ...parameters, deployment }),
    acceptOwnership: () => acceptOwnership(client, { deployment }),
    acceptSignedBid: (parameters) => acceptSignedBid(client, { ...parameters, deployment }),
    cancelOrder: (parameters) => cancelOrder(client, { ...parameters, deployment }),
    closeLease: (parameters) => closeLease(client, { ...parameters, deployment }),
    createOrder: (parameters) => createOrder(client, { ...parameters, deployment }),
    faucet: (parameters) => faucet(client, { ...parameters, deployment }),
    finishLease: (parameters) => finishLease(client, { ...parameters, deployment }),
    joinQueue: (parameters) => joinQueue(client, { ...parameters, deployment }),
    leaveQueue: (parameters) => leaveQueue(client, { ...parameters, deployment }),
    openCluster: (parameters) => openCluster(client, { ...parameters, deployment }),
    openLease: (parameters) => openLease(client, { ...parameters, deployment }),
    placeBid: (parameters) => placeBid(client, { ...parameters, deployment }),
    registerProvider: (parameters) => registerProvider(client, { ...parameters, deployment }),
    settleOrder: (parameters) => settleOrder(client, { ...parameters, deployment }),
    signBid: (parameters) => signBid(client, { ...parameters, deployment }),
    topUp: (parameters) => topUp(client, { ...parameters, deployment }),
    withdraw: (parameters) => withdraw(client, { ...parameters, deployment }),
    withdrawMany: (parameters) => withdrawMany(client, { ...parameters, deployment }),
  })
}
