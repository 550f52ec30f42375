import type { Chain, Client, Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import { ChainMismatchError } from '../errors/ChainMismatchError.js'

/**
 * Fails fast when the client is configured for a chain other than the deployment's. A client without a
 * chain is not checked (that would cost a request); the node rejects a wrongly signed transaction anyway.
 * @throws {ChainMismatchError}
 */
export function assertChain(
  client: Client<Transport, Chain | undefined>,
  deployment: HearthDeployment,
): void {
  const chainId = client.chain?.id
  if (chainId !== undefined && chainId !== deployment.chainId) {
    throw new ChainMismatchError({ expectedChainId: deployment.chainId, chainId })
  }
}
