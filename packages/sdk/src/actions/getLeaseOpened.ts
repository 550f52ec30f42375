import { marketplaceAbi } from '@hearth/abi'
import type { Chain, Client, Hash, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import type { EventArgs } from '../internal/findEvents.js'
import { guard } from '../internal/guard.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link getLeaseOpened}. */
export type GetLeaseOpenedParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** The lease's `LeaseOpened` event with where it was emitted; `undefined` when there is no such lease. */
export type GetLeaseOpenedReturnType =
  | (EventArgs<typeof marketplaceAbi, 'LeaseOpened'> & { blockNumber: bigint; transactionHash: Hash })
  | undefined

/** What {@link getLeaseOpened} can throw. */
export type GetLeaseOpenedErrorType = ReadErrorType

/**
 * How a lease opened, from its `LeaseOpened` event: parties, market, price, first deposit and the spec
 * hash it committed to (which `getLease` does not store).
 *
 * @param client Any client on the deployment's chain.
 * @param parameters The lease.
 * @returns The event's fields, or `undefined` when there is no such lease.
 */
export async function getLeaseOpened(
  client: Client<Transport, Chain | undefined>,
  parameters: GetLeaseOpenedParameters,
): Promise<GetLeaseOpenedReturnType> {
  const { deployment, leaseId } = parameters
  assertChain(client, deployment)
  const logs = await guard('Marketplace.LeaseOpened', () =>
    getContractEvents(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      eventName: 'LeaseOpened',
      args: { lease: leaseId },
      fromBlock: deployment.deployBlock,
      strict: true,
    }),
  )
  const log = logs[0]
  if (!log) return undefined
  return { ...log.args, blockNumber: log.blockNumber, transactionHash: log.transactionHash }
}
