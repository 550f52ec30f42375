import { marketLensAbi, marketplaceAbi } from '@hearth/abi'
import { type Account, type Address, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { guard } from '../internal/guard.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { MarketId } from '../types.js'

/** Parameters of {@link joinQueue}. */
export type JoinQueueParameters = {
  deployment: HearthDeployment
  market: MarketId
  /** Leases to offer at once (at most the GPUs the hardware has / GPUs per lease); default 1. */
  slots?: number | undefined
  /** The queued provider to join after; default: computed now with `MarketLens.queuePosition`. */
  prevHint?: Address | undefined
}

/** What {@link joinQueue} returns. */
export type JoinQueueReturnType = TransactionResult & {
  market: MarketId
  slots: number
  /** The reputation the queue is ordered by, as cached at joining. */
  reputation: number
  /** The hint used. */
  prevHint: Address
}

/** What {@link joinQueue} can throw. */
export type JoinQueueErrorType = WriteErrorType

/**
 * Puts the client's account (a registered provider) in `market`'s queue of idle providers, where a
 * consumer taking the market price is matched to it. The position hint is computed with `MarketLens`.
 *
 * @param client A client with the provider's account.
 * @param parameters Market and slots.
 * @throws {ContractRevertError} e.g. `ProviderNotEligible`, `ProviderHardwareUnfit`, `QueueSlotsInvalid`.
 */
export async function joinQueue(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: JoinQueueParameters,
): Promise<JoinQueueReturnType> {
  const { deployment, market, slots = 1 } = parameters
  assertChain(client, deployment)
  const { marketplace, marketLens } = deployment.contracts
  const prevHint =
    parameters.prevHint ??
    (await guard('MarketLens.queuePosition', () =>
      readContract(client, {
        abi: marketLensAbi,
        address: marketLens,
        functionName: 'queuePosition',
        args: [market, client.account.address],
      }),
    ))
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({
      abi: marketplaceAbi,
      functionName: 'joinQueue',
      args: [market, slots, prevHint],
    }),
    operation: 'Marketplace.joinQueue',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'ProviderQueued',
    address: marketplace,
  })
  return { ...result, market: args.market, slots: args.slots, reputation: args.reputation, prevHint }
}
