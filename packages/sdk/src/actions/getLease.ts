import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Lease, LeaseId } from '../types.js'

/** Parameters of {@link getLease}. */
export type GetLeaseParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** The lease as stored; `state` is `LeaseState.None` when there is no such lease. */
export type GetLeaseReturnType = Lease

/** What {@link getLease} can throw. */
export type GetLeaseErrorType = ReadErrorType

/**
 * A lease as the marketplace stores it (parties, price, market, funding window, state, close reason).
 * @param client Any client on the deployment's chain.
 * @param parameters The lease.
 */
export async function getLease(
  client: Client<Transport, Chain | undefined>,
  parameters: GetLeaseParameters,
): Promise<GetLeaseReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  return guard('Marketplace.getLease', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getLease',
      args: [leaseId],
    }),
  )
}
