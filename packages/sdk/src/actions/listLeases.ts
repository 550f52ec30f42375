import { marketplaceAbi } from '@hearth/abi'
import type { Address, Chain, Client, Hash, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import type { EventArgs } from '../internal/findEvents.js'
import { guard } from '../internal/guard.js'

/** Parameters of {@link listLeases}. */
export type ListLeasesParameters = {
  deployment: HearthDeployment
  /** Only leases of this consumer. */
  consumer?: Address | undefined
  /** Only leases with this provider. */
  provider?: Address | undefined
}

/** Every matching lease's `LeaseOpened` event, oldest first. */
export type ListLeasesReturnType = (EventArgs<typeof marketplaceAbi, 'LeaseOpened'> & {
  blockNumber: bigint
  transactionHash: Hash
})[]

/** What {@link listLeases} can throw. */
export type ListLeasesErrorType = ReadErrorType

/**
 * The leases a consumer opened (or a provider got), from the `LeaseOpened` events since the
 * deployment block. Pair with `getLease` for their current state.
 *
 * @param client Any client on the deployment's chain.
 * @param parameters Consumer and/or provider to filter by.
 * @returns One entry per lease, oldest first.
 */
export async function listLeases(
  client: Client<Transport, Chain | undefined>,
  parameters: ListLeasesParameters,
): Promise<ListLeasesReturnType> {
  const { deployment, consumer, provider } = parameters
  assertChain(client, deployment)
  const logs = await guard('Marketplace.LeaseOpened', () =>
    getContractEvents(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      eventName: 'LeaseOpened',
      args: {
        ...(consumer === undefined ? {} : { consumer }),
        ...(provider === undefined ? {} : { provider }),
      },
      fromBlock: deployment.deployBlock,
      strict: true,
    }),
  )
  return logs.map((log) => ({
    ...log.args,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  }))
}
