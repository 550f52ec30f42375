import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Hash, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import type { EventArgs } from '../internal/findEvents.js'
import { guard } from '../internal/guard.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link getLeaseClosed}. */
export type GetLeaseClosedParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/**
 * The lease's `LeaseClosed` event (who closed it, why, the refund and the result hash), with where it
 * was emitted; `undefined` while the lease is open.
 */
export type GetLeaseClosedReturnType =
  | (EventArgs<typeof marketplaceAbi, 'LeaseClosed'> & { blockNumber: bigint; transactionHash: Hash })
  | undefined

/** What {@link getLeaseClosed} can throw. */
export type GetLeaseClosedErrorType = ReadErrorType

/**
 * How a lease closed, from its `LeaseClosed` event: the chain's record of the refund and of the result
 * hash the provider finished it with (zero when it did not finish the job).
 *
 * @param client Any client on the deployment's chain.
 * @param parameters The lease.
 * @returns The event's fields, or `undefined` when the lease has not closed.
 */
export async function getLeaseClosed(
  client: Client<Transport, Chain | undefined>,
  parameters: GetLeaseClosedParameters,
): Promise<GetLeaseClosedReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  const logs = await guard('Marketplace.LeaseClosed', () =>
    getContractEvents(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      eventName: 'LeaseClosed',
      args: { lease: leaseId },
      fromBlock: deployment.deployBlock,
      strict: true,
    }),
  )
  const log = logs[0]
  if (!log) return undefined
  return { ...log.args, blockNumber: log.blockNumber, transactionHash: log.transactionHash }
}
