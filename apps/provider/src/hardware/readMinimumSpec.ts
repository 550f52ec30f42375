import { providerRegistryAbi } from '@hearth/abi'
import type { Address, Client } from 'viem'
import { readContract } from 'viem/actions'

/** What {@link readMinimumSpec} returns. */
export type ReadMinimumSpecReturnType = {
  minRamMiB: number
  minDiskGiB: number
}

/**
 * Reads the minimum RAM and disk every provider must declare from the registry
 * (`ProviderRegistry.minRamMiB()` and `minDiskGiB()`).
 *
 * @param client A client connected to the chain.
 * @param registry Address of the ProviderRegistry.
 * @returns The minimums.
 * @throws The viem error of a failed call (no contract at `registry`, RPC down).
 */
export async function readMinimumSpec(client: Client, registry: Address): Promise<ReadMinimumSpecReturnType> {
  const [minRamMiB, minDiskGiB] = await Promise.all([
    readContract(client, { address: registry, abi: providerRegistryAbi, functionName: 'minRamMiB' }),
    readContract(client, { address: registry, abi: providerRegistryAbi, functionName: 'minDiskGiB' }),
  ])
  return { minRamMiB, minDiskGiB }
}
