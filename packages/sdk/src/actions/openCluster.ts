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
import { findEvent, findEvents } from '../internal/findEvents.js'
import { readMarketToken } from '../internal/readMarketToken.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { ClusterId, LeaseId, MarketId, Placement, TierValue } from '../types.js'
import { anyPlacement } from '../utils/anyPlacement.js'
import { quotePrice } from './quotePrice.js'

/** Parameters of {@link openCluster}. */
export type OpenClusterParameters = {
  deployment: HearthDeployment
  market: MarketId
  /** Default `Tier.Economy`. */
  tier?: TierValue | undefined
  /** How many leases, each with a distinct provider (all or none). */
  members: number
  /** Most to lock per member, in the market token's base units. */
  depositPerMember: bigint
  /** Content hash of the job spec, shared by every member. */
  specHash: Hex
  /** Slippage guard; default: the price quoted now. */
  maxPricePerSecond?: bigint | undefined
  /** Requirements every member meets (region, compliance, bandwidth, reputation); default: none. */
  placement?: Placement | undefined
  /** How to allow the marketplace to pull the deposits (default `exact`). */
  approval?: ApprovalMode | undefined
}

/** What {@link openCluster} returns. */
export type OpenClusterReturnType = TransactionResult & {
  clusterId: ClusterId
  /** One lease per member, in the order the providers were matched. */
  leases: { leaseId: LeaseId; provider: Address; deposit: bigint }[]
  pricePerSecond: bigint
  /** The approve or permit transaction sent first, if any. */
  approvalHash: Hash | undefined
}

/** What {@link openCluster} can throw. */
export type OpenClusterErrorType = WriteErrorType

/**
 * Opens `members` leases at once across distinct providers meeting the placement, all or none (a
 * cluster); every member can then learn the others' endpoints from the registry.
 *
 * @param client A client with the consumer's account.
 * @param parameters Market, size, deposit per member, spec hash, placement.
 * @returns The cluster id and its leases.
 * @throws {ContractRevertError} e.g. `ClusterUnfilled`, `ClusterSizeInvalid`, `PriceAboveMax`.
 */
export async function openCluster(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: OpenClusterParameters,
): Promise<OpenClusterReturnType> {
  const { deployment, market, tier = Tier.Economy, members, depositPerMember, specHash } = parameters
  const placement = parameters.placement ?? anyPlacement
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const [maxPricePerSecond, token] = await Promise.all([
    parameters.maxPricePerSecond ?? quotePrice(client, { deployment, market, tier }),
    readMarketToken(client, deployment, market),
  ])
  const approvalHash = await ensureAllowance(client, {
    token,
    spender: marketplace,
    amount: depositPerMember * BigInt(members),
    mode: parameters.approval,
  })
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({
      abi: marketplaceAbi,
      functionName: 'openCluster',
      args: [{ market, tier, members, maxPricePerSecond, depositPerMember, specHash, placement }],
    }),
    operation: 'Marketplace.openCluster',
  })
  const cluster = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'ClusterOpened',
    address: marketplace,
  })
  const opened = findEvents(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseOpened',
    address: marketplace,
  })
  return {
    ...result,
    clusterId: cluster.args.cluster,
    leases: opened.map(({ args }) => ({
      leaseId: args.lease,
      provider: args.provider,
      deposit: args.deposit,
    })),
    pricePerSecond: opened[0]?.args.pricePerSecond ?? 0n,
    approvalHash,
  }
}
