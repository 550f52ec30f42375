import { providerRegistryAbi } from '@hearth/abi'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Provider } from '../types.js'

/** Parameters of {@link getProvider}. */
export type GetProviderParameters = {
  deployment: HearthDeployment
  provider: Address
}

/** The registry's record; `status` is `ProviderStatus.None` for an address that never registered. */
export type GetProviderReturnType = Provider

/** What {@link getProvider} can throw. */
export type GetProviderErrorType = ReadErrorType

/**
 * A provider's record: status, reputation, stake, unbonding, hardware and endpoint.
 * @param client Any client on the deployment's chain.
 * @param parameters The provider's address.
 */
export async function getProvider(
  client: Client<Transport, Chain | undefined>,
  parameters: GetProviderParameters,
): Promise<GetProviderReturnType> {
  const { deployment, provider } = parameters
  assertChain(client, deployment)
  return guard('ProviderRegistry.getProvider', () =>
    readContract(client, {
      abi: providerRegistryAbi,
      address: deployment.contracts.providerRegistry,
      functionName: 'getProvider',
      args: [provider],
    }),
  )
}
