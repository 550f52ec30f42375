import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Hash, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { LeaseId } from '../types.js'
import { assertChain } from './assertChain.js'
import type { EventArgs } from './findEvents.js'
import { guard } from './guard.js'

/** A lease's one-time event (`LeaseOpened`, `LeaseClosed`) with where it was emitted. */
export type LeaseEvent<name extends 'LeaseOpened' | 'LeaseClosed'> = EventArgs<
  typeof marketplaceAbi,
  name
> & {
  blockNumber: bigint
  transactionHash: Hash
}

/**
 * Finds the event a lease emits once in its life, from the deployment block on.
 * @returns The event's fields and where it was emitted, or `undefined` when there is none (yet).
 */
export async function findLeaseEvent<name extends 'LeaseOpened' | 'LeaseClosed'>(
  client: Client<Transport, Chain | undefined>,
  deployment: HearthDeployment,
  leaseId: LeaseId,
  eventName: name,
): Promise<LeaseEvent<name> | undefined> {
  assertChain(client, deployment)
  const logs = await guard(`Marketplace.${eventName}`, () =>
    getContractEvents(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      eventName: eventName as 'LeaseOpened' | 'LeaseClosed',
      args: { lease: leaseId },
      fromBlock: deployment.deployBlock,
      strict: true,
    }),
  )
  const log = logs[0]
  if (!log) return undefined
  return {
    ...log.args,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  } as LeaseEvent<name>
}
