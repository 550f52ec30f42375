import type { HearthDeployment } from '@hearth/sdk'
import {
  type Account,
  type Chain,
  type Client,
  createPublicClient,
  createWalletClient,
  http,
  type Transport,
} from 'viem'
import type { LoadedConfig } from '../config.js'
import { readDeploymentFile } from '../runAgent.js'

/** The deployment and a read client. */
export type ChainClients = {
  deployment: HearthDeployment
  publicClient: Client<Transport, Chain>
  chain: Chain
}

/** The deployment and chain clients a one-shot command needs. */
export async function chainClients(config: LoadedConfig): Promise<ChainClients> {
  const deployment = await readDeploymentFile(config.deploymentPath)
  const chain = {
    id: deployment.chainId,
    name: `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  }
  const transport = http(config.rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 })
  return { deployment, publicClient, chain }
}

/** A client that signs with the provider's account. */
export function walletFor(
  config: LoadedConfig,
  chain: Chain,
  account: Account,
): Client<Transport, Chain, Account> {
  return createWalletClient({ account, chain, transport: http(config.rpcUrl), pollingInterval: 250 })
}
