import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Address, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link withdraw}. */
export type WithdrawParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** What {@link withdraw} returns. */
export type WithdrawReturnType = TransactionResult & {
  /** Paid to the provider (net of the fee), in the market token's base units. */
  amount: bigint
  /** Protocol fee kept. */
  fee: bigint
  /** Who was paid (the lease's provider, whoever sent the transaction). */
  provider: Address
}

/** What {@link withdraw} can throw. */
export type WithdrawErrorType = WriteErrorType

/**
 * Pays a lease's provider what has accrued and not been withdrawn, less the protocol fee. Anyone may
 * send it; the money always goes to the provider.
 *
 * @param client A client with an account to send from (usually the provider's).
 * @param parameters The lease.
 * @throws {ContractRevertError} e.g. `NothingToWithdraw`, `LeaseNotFound`.
 */
export async function withdraw(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: WithdrawParameters,
): Promise<WithdrawReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'withdraw', args: [leaseId] }),
    operation: 'Marketplace.withdraw',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseWithdrawn',
    address: marketplace,
  })
  return { ...result, amount: args.amount, fee: args.fee, provider: args.provider }
}
