import { auctionsAbi } from '@hearth/abi'
import type { Address, TransactionReceipt } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { LeaseId, OrderId } from '../types.js'
import { findEvent } from './findEvents.js'

/** What accepting an order (a bid, a signed bid, or settling) results in. */
export type OrderAcceptance = {
  orderId: OrderId
  /** The lease opened for the winning bid. */
  leaseId: LeaseId
  /** The winning provider. */
  provider: Address
  /** The winning price per second. */
  pricePerSecond: bigint
  /** Deposit returned to the consumer: (max price − winning price) × duration. */
  refund: bigint
}

/** Reads the `OrderAccepted` event of `receipt`. */
export function orderAccepted(receipt: TransactionReceipt, deployment: HearthDeployment): OrderAcceptance {
  const { args } = findEvent(receipt, {
    abi: auctionsAbi,
    eventName: 'OrderAccepted',
    address: deployment.contracts.auctions,
  })
  return {
    orderId: args.order,
    leaseId: args.lease,
    provider: args.provider,
    pricePerSecond: args.pricePerSecond,
    refund: args.refund,
  }
}
