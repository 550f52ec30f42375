import { auctionsAbi } from '@hearth/abi'
import {
  type Account,
  type Chain,
  type Client,
  encodeFunctionData,
  type Hash,
  type Hex,
  type Transport,
} from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type ApprovalMode, ensureAllowance } from '../internal/ensureAllowance.js'
import { findEvent } from '../internal/findEvents.js'
import { readMarketToken } from '../internal/readMarketToken.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { MarketId, OrderId, Placement } from '../types.js'
import { anyPlacement } from '../utils/anyPlacement.js'

/** Parameters of {@link createOrder}. */
export type CreateOrderParameters = {
  deployment: HearthDeployment
  /** Gives the GPU class and the payment token (its reference price is ignored). */
  market: MarketId
  /** The most the consumer will pay per second, in the market token's base units. */
  maxPricePerSecond: bigint
  /** Length of the lease the order asks for. */
  durationSeconds: bigint
  /** How long providers may bid. */
  biddingSeconds: bigint
  /** Content hash of the job spec. */
  specHash: Hex
  /** Region, compliance, bandwidth and reputation requirements; default: none. */
  placement?: Placement | undefined
  /** How to allow the auctions contract to pull the deposit (default `exact`). */
  approval?: ApprovalMode | undefined
}

/** What {@link createOrder} returns. */
export type CreateOrderReturnType = TransactionResult & {
  orderId: OrderId
  /** Locked until the order is accepted or cancelled: max price × duration. */
  deposit: bigint
  /** Unix time bidding closes (and `settleOrder` becomes possible). */
  biddingEndsAt: number
  /** The approve or permit transaction sent first, if any. */
  approvalHash: Hash | undefined
}

/** What {@link createOrder} can throw. */
export type CreateOrderErrorType = WriteErrorType

/**
 * Posts a reverse-auction order: providers bid below `maxPricePerSecond` until the window closes, then
 * the consumer accepts a bid (or anyone settles). Locks max price × duration.
 *
 * @param client A client with the consumer's account.
 * @param parameters Market, price ceiling, duration, bidding window, spec hash, placement.
 * @returns The order id, deposit and end of bidding.
 * @throws {ContractRevertError} e.g. `DurationInvalid`, `BiddingWindowInvalid`, `PriceInvalid`, `MarketIsPaused`.
 */
export async function createOrder(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: CreateOrderParameters,
): Promise<CreateOrderReturnType> {
  const { deployment, market, maxPricePerSecond, durationSeconds, biddingSeconds, specHash } = parameters
  const placement = parameters.placement ?? anyPlacement
  assertChain(client, deployment)
  const { auctions } = deployment.contracts
  const token = await readMarketToken(client, deployment, market)
  const approvalHash = await ensureAllowance(client, {
    token,
    spender: auctions,
    amount: maxPricePerSecond * durationSeconds,
    mode: parameters.approval,
  })
  const result = await sendHearthTransaction(client, {
    to: auctions,
    data: encodeFunctionData({
      abi: auctionsAbi,
      functionName: 'createOrder',
      args: [{ market, maxPricePerSecond, durationSeconds, biddingSeconds, specHash, placement }],
    }),
    operation: 'Auctions.createOrder',
  })
  const { args } = findEvent(result.receipt, {
    abi: auctionsAbi,
    eventName: 'OrderCreated',
    address: auctions,
  })
  return {
    ...result,
    orderId: args.order,
    deposit: args.deposit,
    biddingEndsAt: args.biddingEndsAt,
    approvalHash,
  }
}
