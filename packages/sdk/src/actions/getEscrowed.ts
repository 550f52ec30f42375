import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link getEscrowed}. */
export type GetEscrowedParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** In the market token's base units. */
export type GetEscrowedReturnType = bigint

/** What {@link getEscrowed} can throw. */
export type GetEscrowedErrorType = ReadErrorType

/**
 * Escrow still held for a lease: accrued but unpaid, plus deposit not yet used.
 * @param client Any client on the deployment's chain.
 * @param parameters The lease.
 */
export async function getEscrowed(
  client: Client<Transport, Chain | undefined>,
  parameters: GetEscrowedParameters,
): Promise<GetEscrowedReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  return guard('Marketplace.escrowed', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'escrowed',
      args: [leaseId],
    }),
  )
}
