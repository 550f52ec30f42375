import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvents } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link withdrawMany}. */
export type WithdrawManyParameters = {
  deployment: HearthDeployment
  /** Leases of the client's account (as provider), all paid in one token. */
  leaseIds: readonly LeaseId[]
}

/** What {@link withdrawMany} returns. */
export type WithdrawManyReturnType = TransactionResult & {
  /** Paid in total (net of fees), in one transfer. */
  total: bigint
  /** Per lease that had something to pay; leases with nothing accrued are skipped. */
  withdrawals: { leaseId: LeaseId; amount: bigint; fee: bigint }[]
}

/** What {@link withdrawMany} can throw. */
export type WithdrawManyErrorType = WriteErrorType

/**
 * Withdraws what has accrued on many of the provider's leases in one transaction and one transfer.
 *
 * @param client A client with the provider's account.
 * @param parameters The leases.
 * @throws {ContractRevertError} e.g. `CallerNotProvider`, `PaymentTokenMismatch`, `LeaseNotFound`.
 * @throws {InvalidParameterError} when `leaseIds` is empty.
 */
export async function withdrawMany(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: WithdrawManyParameters,
): Promise<WithdrawManyReturnType> {
  const { deployment, leaseIds } = parameters
  if (leaseIds.length === 0) throw new InvalidParameterError('leaseIds', 'give at least one lease')
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'withdrawMany', args: [leaseIds] }),
    operation: 'Marketplace.withdrawMany',
  })
  const withdrawals = findEvents(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseWithdrawn',
    address: marketplace,
  }).map(({ args }) => ({ leaseId: args.lease, amount: args.amount, fee: args.fee }))
  const total = withdrawals.reduce((sum, { amount }) => sum + amount, 0n)
  return { ...result, total, withdrawals }
}
