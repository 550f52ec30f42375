import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Chain, type Client, encodeFunctionData, type Hash, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { type ApprovalMode, ensureAllowance } from '../internal/ensureAllowance.js'
import { findEvent } from '../internal/findEvents.js'
import { readLeaseToken } from '../internal/readMarketToken.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link topUp}. */
export type TopUpParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
  /** Most to add, in the market token's base units: adds the whole seconds it covers. */
  amount: bigint
  /** How to allow the marketplace to pull it (default `exact`). */
  approval?: ApprovalMode | undefined
}

/** What {@link topUp} returns. */
export type TopUpReturnType = TransactionResult & {
  /** What was added (whole seconds at the lease's price, at most `amount`). */
  amount: bigint
  /** Escrow held for the lease afterwards: unpaid accrual plus unused deposit. */
  escrowed: bigint
  /** The approve or permit transaction sent first, if any. */
  approvalHash: Hash | undefined
}

/** What {@link topUp} can throw. */
export type TopUpErrorType = WriteErrorType

/**
 * Adds to an active lease's deposit, extending how long it is funded. Anyone may pay; refunds go to
 * the lease's consumer.
 *
 * @param client A client with the paying account.
 * @param parameters Lease and amount.
 * @throws {ContractRevertError} e.g. `LeaseNotActive`, `LeaseOutOfFunds`, `DepositTooSmall`.
 */
export async function topUp(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: TopUpParameters,
): Promise<TopUpReturnType> {
  const { deployment, leaseId, amount } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const token = await readLeaseToken(client, deployment, leaseId)
  const approvalHash =
    token === undefined
      ? undefined
      : await ensureAllowance(client, { token, spender: marketplace, amount, mode: parameters.approval })
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'topUp', args: [leaseId, amount] }),
    operation: 'Marketplace.topUp',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'LeaseToppedUp',
    address: marketplace,
  })
  return { ...result, amount: args.amount, escrowed: args.deposit, approvalHash }
}
