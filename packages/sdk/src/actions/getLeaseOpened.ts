import type { Chain, Client, Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { findLeaseEvent, type LeaseEvent } from '../internal/findLeaseEvent.js'
import type { LeaseId } from '../types.js'

/** Parameters of {@link getLeaseOpened}. */
export type GetLeaseOpenedParameters = {
  deployment: HearthDeployment
  leaseId: LeaseId
}

/** The lease's `LeaseOpened` event with where it was emitted; `undefined` when there is no such lease. */
export type GetLeaseOpenedReturnType = LeaseEvent<'LeaseOpened'> | undefined

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
  return findLeaseEvent(client, parameters.deployment, parameters.leaseId, 'LeaseOpened')
}
