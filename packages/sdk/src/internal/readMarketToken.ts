import { marketplaceAbi } from '@hearth/abi'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { LeaseId, MarketId } from '../types.js'
import { guard } from './guard.js'

/** The ERC-20 `market` is paid in. */
export async function readMarketToken(
  client: Client<Transport, Chain | undefined>,
  deployment: HearthDeployment,
  market: MarketId,
): Promise<Address> {
  const { config } = await guard('Marketplace.getMarket', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getMarket',
      args: [market],
    }),
  )
  return config.token
}

/** The ERC-20 `lease` is paid in; undefined when there is no such lease (the call then says so). */
export async function readLeaseToken(
  client: Client<Transport, Chain | undefined>,
  deployment: HearthDeployment,
  lease: LeaseId,
): Promise<Address | undefined> {
  const { market } = await guard('Marketplace.getLease', () =>
    readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getLease',
      args: [lease],
    }),
  )
  return market === 0 ? undefined : readMarketToken(client, deployment, market)
}
