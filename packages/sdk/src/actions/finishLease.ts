import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Hex, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link finishLease}. */
export type FinishLeaseParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
  /** Content hash of the job's result, recorded in the `LeaseClosed` event. */
  resultHash: Hex
}

/** What {@link finishLease} returns. */
export type FinishLeaseReturnType = TransactionResult & {
  /** Unused deposit returned to the consumer. */
  refund: bigint
  /** Unix time payment stopped. */
  endedAt: bigint
  /** The result hash as recorded. */
  resultHash: Hex
}

/** What {@link finishLease} can throw. */
export type FinishLeaseErrorType = WriteErrorType

/**
 * The provider reports the job finished with its result's hash and closes the lease (`JobFinished`),
 * which counts as a success on its reputation.
 *
 * @param client A client with the provider's account.
 * @param parameters Lease and result hash.
 * @throws {ContractRevertError} e.g. `CallerNotProvider`, `LeaseNotActive`.
 */
export async function finishLease(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: FinishLeaseParameters,
): Promise<FinishLeaseReturnType> {
  const { deployment, leaseId, resultHash } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({
      abi: marketplaceAbi,
      functionName: 'finishLease',
      args: [leaseId, resultHash],
    }),
    operation: 'Marketplace.finishLease',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseClosed',
    address: marketplace,
  })
  return { ...result, refund: args.refund, endedAt: args.endedAt, resultHash: args.resultHash }
}
