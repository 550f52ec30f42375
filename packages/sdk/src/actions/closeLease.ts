import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type EventArgs, findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link closeLease}. */
export type CloseLeaseParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** What {@link closeLease} returns. */
export type CloseLeaseReturnType = TransactionResult & {
  /** Unused deposit returned to the consumer. */
  refund: bigint
  /** Why it closed (`CloseReason`): by consumer, by provider or out of funds. */
  reason: EventArgs<typeof marketplaceAbi, 'LeaseClosed'>['reason']
  /** Unix time payment stopped. */
  endedAt: bigint
}

/** What {@link closeLease} can throw. */
export type CloseLeaseErrorType = WriteErrorType

/**
 * Closes a lease: by its consumer or its provider, or by anyone once it is out of funds. The unused
 * deposit goes back to the consumer; what accrued stays for the provider to withdraw.
 *
 * @param client A client with the consumer's, the provider's or (out of funds) anyone's account.
 * @param parameters The lease.
 * @throws {ContractRevertError} e.g. `LeaseNotActive`, `CallerNotLeaseParty`.
 */
export async function closeLease(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: CloseLeaseParameters,
): Promise<CloseLeaseReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'closeLease', args: [leaseId] }),
    operation: 'Marketplace.closeLease',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseClosed',
    address: marketplace,
  })
  return { ...result, refund: args.refund, reason: args.reason, endedAt: args.endedAt }
}
