import type { HearthDeployment } from '@hearth/sdk'
import { DeploymentFileError, readDeploymentFile as readDeploymentJson } from '@hearth/sdk/node'
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
import { ConfigError } from '../errors.js'
import { nodeHttpFetch } from './nodeHttpFetch.js'

/** Reads and checks a deployment file. */
export async function readDeploymentFile(path: string): Promise<HearthDeployment> {
  try {
    return readDeploymentJson(path).deployment
  } catch (error) {
    if (!(error instanceof DeploymentFileError)) throw error
    throw new ConfigError(`${error.shortMessage}.`, [
      'Point `deployment` in provider.yaml at the JSON `hearth protocol deploy` or `hearth devnet` wrote.',
    ])
  }
}

/** The deployment and a read client. */
export type ChainClients = {
  deployment: HearthDeployment
  publicClient: Client<Transport, Chain>
  chain: Chain
}

/** The deployment and a read client for the chain the config points at. */
export async function chainClients(
  config: Pick<LoadedConfig, 'deploymentPath' | 'rpcUrl' | 'pollIntervalMs'>,
): Promise<ChainClients> {
  const deployment = await readDeploymentFile(config.deploymentPath)
  const chain = {
    id: deployment.chainId,
    name: `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  }
  const transport = http(config.rpcUrl, { fetchFn: nodeHttpFetch })
  const publicClient = createPublicClient({
    chain,
    transport,
    pollingInterval: Math.min(config.pollIntervalMs, 250),
  })
  return { deployment, publicClient, chain }
}

/** A client that signs with the provider's account. */
export function walletFor(
  config: LoadedConfig,
  chain: Chain,
  account: Account,
): Client<Transport, Chain, Account> {
  return createWalletClient({
    account,
    chain,
    transport: http(config.rpcUrl, { fetchFn: nodeHttpFetch }),
    pollingInterval: 250,
  })
}
