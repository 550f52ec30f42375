import { type Account, createPublicClient, createWalletClient, http } from 'viem'
import type { LoadedConfig } from '../config.js'
import { readDeploymentFile } from '../runAgent.js'

/** The deployment and chain clients a one-shot command needs. */
export async function chainClients(config: LoadedConfig, account?: Account) {
  const deployment = await readDeploymentFile(config.deploymentPath)
  const chain = {
    id: deployment.chainId,
    name: `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  }
  const transport = http(config.rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 })
  const walletClient = account ? createWalletClient({ account, chain, transport, pollingInterval: 250 }) : undefined
  return { deployment, publicClient, walletClient, chain }
}
