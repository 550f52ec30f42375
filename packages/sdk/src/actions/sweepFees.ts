import { marketplaceAbi } from '@hearth/abi'
import { type Account, type Address, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { findEvent } from '../internal/findEvents.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'

/** Parameters of {@link sweepFees}. */
export type SweepFeesParameters = {
  deployment: HearthDeployment
  /** The payment token whose collected fees to sweep. */
  token: Address
}

/** What {@link sweepFees} returns. */
export type SweepFeesReturnType = TransactionResult & {
  /** Burned, in the token's base units (HEAT only: other tokens' fees all go to the treasury). */
  burned: bigint
  /** Sent to the treasury. */
  toTreasury: bigint
}

/** What {@link sweepFees} can throw. */
export type SweepFeesErrorType = WriteErrorType

/**
 * Moves the protocol fees collected in `token` out of escrow: the burn share of HEAT fees is burned
 * (Render's burn-and-mint), the rest goes to the treasury. Anyone may send it.
 *
 * @param client A client with an account to send from.
 * @param parameters The token.
 * @returns What was burned and what went to the treasury, from the `FeesSwept` event.
 * @throws {ContractRevertError} `AmountZero` when no fee is waiting (one base unit always stays).
 */
export async function sweepFees(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: SweepFeesParameters,
): Promise<SweepFeesReturnType> {
  const { deployment, token } = parameters
  assertChain(client, deployment)
  const { marketplace } = deployment.contracts
  const result = await sendHearthTransaction(client, {
    to: marketplace,
    data: encodeFunctionData({ abi: marketplaceAbi, functionName: 'sweepFees', args: [token] }),
    operation: 'Marketplace.sweepFees',
  })
  const { args } = findEvent(result.receipt, {
    abi: marketplaceAbi,
    eventName: 'FeesSwept',
    address: marketplace,
  })
  return { ...result, burned: args.burned, toTreasury: args.toTreasury }
}
