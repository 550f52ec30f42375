import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link getWithdrawable}. */
export type GetWithdrawableParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** Gross (provider share + fee), in the market token's base units. */
export type GetWithdrawableReturnType = bigint

/** What {@link getWithdrawable} can throw. */
export type GetWithdrawableErrorType = ReadErrorType

/**
 * What `withdraw` would pay out of a lease now, before the protocol fee.
 * @param client Any client on the deployment's chain.
 * @param parameters The lease.
 */
export async function getWithdrawable(
  client: Client<Transport, Chain | undefined>,
  parameters: GetWithdrawableParameters,
): Promise<GetWithdrawableReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  return guard('Marketplace.withdrawable', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'withdrawable',
      args: [leaseId],
    }),
  )
}
