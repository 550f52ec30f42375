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
  /**
   * Whether the job succeeded (`JobFinished`, a success on the provider's reputation) or failed on its
   * own — non-zero exit, out of memory, timeout — (`JobFailed`, neutral). Default true.
   */
  succeeded?: boolean | undefined
}

/** What {@link finishLease} returns. */
export type FinishLeaseReturnType = TransactionResult & {
  /** Unused deposit returned to the consumer. */
  refund: bigint
  /** Unix time payment stopped. */
  endedAt: bigint
  /** The result hash as recorded. */
  resultHash: Hex
  /** `JobFinished` or `JobFailed`. */
  reason: number
}

/** What {@link finishLease} can throw. */
export type FinishLeaseErrorType = WriteErrorType

/**
 * The provider reports the job ended with its result's hash and closes the lease: `JobFinished`, which
 * counts as a success on its reputation, or `JobFailed` when the job itself failed.
 *
 * @param client A client with the provider's account.
 * @param parameters Lease and result hash.
 * @throws {ContractRevertError} e.g. `CallerNotProvider`, `LeaseNotActive`.
 */
export async function finishLease(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: FinishLeaseParameters,
): Promise<FinishLeaseReturnType> {
  const { deployment, leaseId, resultHash, succeeded = true } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({
      abi: marketplaceAbi,
      functionName: 'finishLease',
      args: [leaseId, resultHash, succeeded],
    }),
    operation: 'Marketplace.finishLease',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseClosed',
    address: marketplace,
  })
  return {
    ...result,
    refund: args.refund,
    endedAt: args.endedAt,
    resultHash: args.resultHash,
    reason: args.reason,
  }
}
