import { marketplaceAbi, Tier } from '@hearth/abi'
import {
  type Account,
  type Address,
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
import { type EventArgs, findEvent } from '../internal/findEvents.js'
import { readMarketToken } from '../internal/readMarketToken.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId, MarketId, Placement, TierValue } from '../types.js'
import { anyPlacement } from '../utils/anyPlacement.js'
import { quotePrice } from './quotePrice.js'

/** Parameters of {@link openLease}. */
export type OpenLeaseParameters = {
  deployment: HearthDeployment
  market: MarketId
  /** Default `Tier.Economy`. */
  tier?: TierValue | undefined
  /** Most to lock, in the market token's base units: funds the largest whole number of seconds it covers. */
  deposit: bigint
  /** Content hash of the job spec (the spec itself goes privately to the provider). */
  specHash: Hex
  /** Slippage guard; default: the price quoted now (it only moves at epoch boundaries). */
  maxPricePerSecond?: bigint | undefined
  /** Region, compliance, bandwidth and reputation requirements; default: none. */
  placement?: Placement | undefined
  /** How to allow the marketplace to pull the deposit (default `exact`). */
  approval?: ApprovalMode | undefined
}

/** What {@link openLease} returns. */
export type OpenLeaseReturnType = TransactionResult & {
  leaseId: LeaseId
  /** The provider matched. */
  provider: Address
  pricePerSecond: bigint
  /** What was locked: price × whole seconds, at most the deposit asked for. */
  deposit: bigint
  /** Every field of the `LeaseOpened` event. */
  event: EventArgs<typeof marketplaceAbi, 'LeaseOpened'>
  /** The approve or permit transaction sent first, if any. */
  approvalHash: Hash | undefined
}

/** What {@link openLease} can throw. */
export type OpenLeaseErrorType = WriteErrorType

/**
 * Takes `market`'s price and is matched at once to the best waiting provider meeting the tier and
 * placement (a market take), locking the deposit in escrow.
 *
 * @param client A client with the consumer's account.
 * @param parameters Market, tier, deposit, spec hash, placement.
 * @returns The lease id and its terms, from the `LeaseOpened` event.
 * @throws {ContractRevertError} e.g. `NoProviderAvailable`, `PriceAboveMax`, `DepositTooSmall`, `MarketIsPaused`.
 */
export async function openLease(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: OpenLeaseParameters,
): Promise<OpenLeaseReturnType> {
  const { deployment, market, tier = Tier.Economy, deposit, specHash, placement = anyPlacement } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const [maxPricePerSecond, token] = await Promise.all([
    parameters.maxPricePerSecond ?? quotePrice(client, { deployment, market, tier }),
    readMarketToken(client, deployment, market),
  ])
  const approvalHash = await ensureAllowance(client, {
    token,
    spender: marketplace,
    amount: deposit,
    mode: parameters.approval,
  })
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({
      abi: marketplaceAbi,
      functionName: 'openLease',
      args: [{ market, tier, maxPricePerSecond, deposit, specHash, placement }],
    }),
    operation: 'Marketplace.openLease',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseOpened',
    address: marketplace,
  })
  return {
    ...result,
    leaseId: args.lease,
    provider: args.provider,
    pricePerSecond: args.pricePerSecond,
    deposit: args.deposit,
    event: args,
    approvalHash,
  }
}
