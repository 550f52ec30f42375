import { providerRegistryAbi } from '@hearth/abi'
import type { Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Hardware } from '../types.js'

/** Parameters of {@link getRequiredStake}. */
export type GetRequiredStakeParameters = {
  deployment: HearthDeployment
  hardware: Hardware
}

/** HEAT, in base units. */
export type GetRequiredStakeReturnType = bigint

/** What {@link getRequiredStake} can throw. */
export type GetRequiredStakeErrorType = ReadErrorType

/**
 * The HEAT stake `hardware` requires under the registry's current parameters (its stake class × GPUs).
 * @param client Any client on the deployment's chain.
 * @param parameters The hardware.
 * @returns The stake in HEAT base units.
 */
export async function getRequiredStake(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRequiredStakeParameters,
): Promise<GetRequiredStakeReturnType> {
  const { deployment, hardware } = parameters
  assertChain(client, deployment)
  return guard('ProviderRegistry.requiredStake', () =>
    readContract(client, {
      abi: providerRegistryAbi,
      address: deployment.contracts.providerRegistry,
      functionName: 'requiredStake',
      args: [hardware],
    }),
  )
}
