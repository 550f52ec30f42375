import type { Chain, Client, Transport } from 'viem'
import { type GetBidsParameters, type GetBidsReturnType, getBids } from '../actions/getBids.js'
import {
  type GetEscrowedParameters,
  type GetEscrowedReturnType,
  getEscrowed,
} from '../actions/getEscrowed.js'
import { type GetLeaseParameters, type GetLeaseReturnType, getLease } from '../actions/getLease.js'
import { type GetMarketParameters, type GetMarketReturnType, getMarket } from '../actions/getMarket.js'
import { type GetOrderParameters, type GetOrderReturnType, getOrder } from '../actions/getOrder.js'
import {
  type GetProviderParameters,
  type GetProviderReturnType,
  getProvider,
} from '../actions/getProvider.js'
import { type GetQueueParameters, type GetQueueReturnType, getQueue } from '../actions/getQueue.js'
import {
  type GetRequiredStakeParameters,
  type GetRequiredStakeReturnType,
  getRequiredStake,
} from '../actions/getRequiredStake.js'
import {
  type GetWithdrawableParameters,
  type GetWithdrawableReturnType,
  getWithdrawable,
} from '../actions/getWithdrawable.js'
import { type ListMarketsReturnType, listMarkets } from '../actions/listMarkets.js'
import { type QuotePriceParameters, type QuotePriceReturnType, quotePrice } from '../actions/quotePrice.js'
import type { HearthDeployment } from '../deployment.js'

/** Parameters of an action with the deployment bound. */
type Bound<parameters> = Omit<parameters, 'deployment'>

/** The read actions bound to a client and a deployment. */
export type HearthPublicActions = {
  getBids: (parameters: Bound<GetBidsParameters>) => Promise<GetBidsReturnType>
  getEscrowed: (parameters: Bound<GetEscrowedParameters>) => Promise<GetEscrowedReturnType>
  getLease: (parameters: Bound<GetLeaseParameters>) => Promise<GetLeaseReturnType>
  getMarket: (parameters: Bound<GetMarketParameters>) => Promise<GetMarketReturnType>
  getOrder: (parameters: Bound<GetOrderParameters>) => Promise<GetOrderReturnType>
  getProvider: (parameters: Bound<GetProviderParameters>) => Promise<GetProviderReturnType>
  getQueue: (parameters: Bound<GetQueueParameters>) => Promise<GetQueueReturnType>
  getRequiredStake: (parameters: Bound<GetRequiredStakeParameters>) => Promise<GetRequiredStakeReturnType>
  getWithdrawable: (parameters: Bound<GetWithdrawableParameters>) => Promise<GetWithdrawableReturnType>
  listMarkets: () => Promise<ListMarketsReturnType>
  quotePrice: (parameters: Bound<QuotePriceParameters>) => Promise<QuotePriceReturnType>
}

/**
 * A viem client decorator with Hearth's read actions bound to `deployment`:
 * `createPublicClient({ transport }).extend(hearthPublicActions(deployment)).getLease({ leaseId })`.
 * @param deployment Where Hearth lives on the client's chain.
 */
export function hearthPublicActions(
  deployment: HearthDeployment,
): (client: Client<Transport, Chain | undefined>) => HearthPublicActions {
  return (client) => ({
    getBids: (parameters) => getBids(client, { ...parameters, deployment }),
    getEscrowed: (parameters) => getEscrowed(client, { ...parameters, deployment }),
    getLease: (parameters) => getLease(client, { ...parameters, deployment }),
    getMarket: (parameters) => getMarket(client, { ...parameters, deployment }),
    getOrder: (parameters) => getOrder(client, { ...parameters, deployment }),
    getProvider: (parameters) => getProvider(client, { ...parameters, deployment }),
    getQueue: (parameters) => getQueue(client, { ...parameters, deployment }),
    getRequiredStake: (parameters) => getRequiredStake(client, { ...parameters, deployment }),
    getWithdrawable: (parameters) => getWithdrawable(client, { ...parameters, deployment }),
    listMarkets: () => listMarkets(client, { deployment }),
    quotePrice: (parameters) => quotePrice(client, { ...parameters, deployment }),
  })
}
