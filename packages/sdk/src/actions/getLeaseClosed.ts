import type { Chain, Client, Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { findLeaseEvent, type LeaseEvent } from '../internal/findLeaseEvent.js'
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
export type GetLeaseClosedReturnType = LeaseEvent<'LeaseClosed'> | undefined

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
  return findLeaseEvent(client, parameters.deployment, parameters.leaseId, 'LeaseClosed')
}
