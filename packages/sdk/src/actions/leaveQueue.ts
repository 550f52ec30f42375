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

/** Parameters of {@link leaveQueue}. */
export type LeaveQueueParameters = {
  deployment: HearthDeployment
  /** The entry before the provider in its queue; default: computed now with `MarketLens.queuePrev`. */
  prevHint?: Address | undefined
}

/** What {@link leaveQueue} returns. */
export type LeaveQueueReturnType = TransactionResult & {
  /** The market whose queue the provider left. */
  market: MarketId
}

/** What {@link leaveQueue} can throw. */
export type LeaveQueueErrorType = WriteErrorType

/**
 * Takes the client's account out of the queue it waits in.
 *
 * @param client A client with the provider's account.
 * @param parameters The deployment (and optionally the hint).
 * @throws {ContractRevertError} `ProviderNotQueued` when it waits nowhere.
 */
export async function leaveQueue(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: LeaveQueueParameters,
): Promise<LeaveQueueReturnType> {
  const { deployment } = parameters
  assertChain(client, deployment)
  const { marketplace, marketLens } = deployment.contracts
  const prevHint =
    parameters.prevHint ??
    (await guard('MarketLens.queuePrev', () =>
      readContract(client, {
        abi: marketLensAbi,
        address: marketLens,
        functionName: 'queuePrev',
        args: [client.account.address],
      }),
    ))
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'leaveQueue', args: [prevHint] }),
    operation: 'Marketplace.leaveQueue',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'ProviderDequeued',
    address: marketplace,
  })
  return { ...result, market: args.market }
}
