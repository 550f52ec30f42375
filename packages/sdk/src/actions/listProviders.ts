import { providerRegistryAbi } from '@hearth/abi'
import { type Address, type Chain, type Client, getAbiItem, type Transport } from 'viem'
import { getBlockNumber, getLogs, readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { Provider } from '../types.js'

/** Parameters of {@link listProviders}. */
export type ListProvidersParameters = {
  deployment: HearthDeployment
  /** Blocks per `eth_getLogs` call (default 10 000; many RPC providers cap a call's range). */
  blocksPerCall?: bigint | undefined
  /** Providers read at once (default 16). */
  concurrency?: number | undefined
  /**
   * The providers' addresses, when something already knows them (an indexer): the event scan, the
   * slow part on a long chain, is skipped; each record is still read from the registry.
   */
  addresses?: readonly Address[] | undefined
}

/** A registered provider: its address, its record and whether it may take leases now. */
export type ListedProvider = Provider & {
  address: Address
  /** Registered with at least the stake its hardware class requires (`ProviderRegistry.eligibility`). */
  eligible: boolean
}

/** Every provider registered now, in registration order. */
export type ListProvidersReturnType = ListedProvider[]

/** What {@link listProviders} can throw. */
export type ListProvidersErrorType = ReadErrorType | InvalidParameterError

const registered = getAbiItem({ abi: providerRegistryAbi, name: 'ProviderRegistered' })

/**
 * Every provider registered on the deployment, found from `ProviderRegistered` events (read in
 * block ranges from the deployment block) and read back from the registry, so the hardware, endpoint
 * and reputation are current.
 * @param client Any client on the deployment's chain.
 * @param parameters The deployment and how to page.
 */
export async function listProviders(
  client: Client<Transport, Chain | undefined>,
  parameters: ListProvidersParameters,
): Promise<ListProvidersReturnType> {
  const { deployment, blocksPerCall = 10_000n, concurrency = 16 } = parameters
  if (blocksPerCall < 1n) throw new InvalidParameterError('blocksPerCall', 'must be at least 1')
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidParameterError('concurrency', 'must be a whole number of at least 1')
  }
  assertChain(client, deployment)
  const addresses = new Set<Address>(parameters.addresses ?? [])
  const latest =
    parameters.addresses === undefined
      ? await guard('eth_blockNumber', () => getBlockNumber(client, { cacheTime: 0 }))
      : deployment.deployBlock - 1n
  for (let from = deployment.deployBlock; from <= latest; from += blocksPerCall) {
    const to = from + blocksPerCall - 1n < latest ? from + blocksPerCall - 1n : latest
    const logs = await guard('ProviderRegistry.ProviderRegistered logs', () =>
      getLogs(client, {
        address: deployment.contracts.providerRegistry,
        event: registered,
        fromBlock: from,
        toBlock: to,
      }),
    )
    for (const log of logs) if (log.args.provider) addresses.add(log.args.provider)
  }
  const all = [...addresses]
  const providers: ListedProvider[] = []
  for (let start = 0; start < all.length; start += concurrency) {
    const page = await Promise.all(
      all.slice(start, start + concurrency).map((address) => read(client, deployment, address)),
    )
    providers.push(...page.filter((provider): provider is ListedProvider => provider !== undefined))
  }
  return providers
}

async function read(
  client: Client<Transport, Chain | undefined>,
  deployment: HearthDeployment,
  address: Address,
): Promise<ListedProvider | undefined> {
  const registry = deployment.contracts.providerRegistry
  const [record, [eligible]] = await Promise.all([
    guard('ProviderRegistry.getProvider', () =>
      readContract(client, {
        abi: providerRegistryAbi,
        address: registry,
        functionName: 'getProvider',
        args: [address],
      }),
    ),
    guard('ProviderRegistry.eligibility', () =>
      readContract(client, {
        abi: providerRegistryAbi,
        address: registry,
        functionName: 'eligibility',
        args: [address],
      }),
    ),
  ])
  // A provider that registered, fully unbonded and left reads back as status None.
  if (record.status === 0) return undefined
  return { ...record, address, eligible }
}
