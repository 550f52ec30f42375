import { marketplaceAbi } from '@hearth/abi'
import type { HearthDeployment } from '@hearth/sdk'
import type { Address, Chain, Client, Transport } from 'viem'
import { getBlockNumber, getContractEvents } from 'viem/actions'

/** A lease of the provider, from its `LeaseOpened` event. */
export type ProviderLease = {
  lease: bigint
  consumer: Address
  market: number
  pricePerSecond: bigint
  block: bigint
}

/**
 * Every lease ever opened to `provider`, from the chain's `LeaseOpened` events (filtered by the
 * indexed provider topic), read in batches from the deployment block.
 */
export async function providerLeases(
  client: Client<Transport, Chain | undefined>,
  parameters: { deployment: HearthDeployment; provider: Address; batchBlocks?: number },
): Promise<ProviderLease[]> {
  const { deployment, provider, batchBlocks = 50_000 } = parameters
  const head = await getBlockNumber(client, { cacheTime: 0 })
  const out: ProviderLease[] = []
  for (let from = deployment.deployBlock; from <= head; from += BigInt(batchBlocks)) {
    const to = from + BigInt(batchBlocks) - 1n < head ? from + BigInt(batchBlocks) - 1n : head
    const logs = await getContractEvents(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      eventName: 'LeaseOpened',
      args: { provider },
      fromBlock: from,
      toBlock: to,
      strict: true,
    })
    for (const log of logs) {
      out.push({
        lease: log.args.lease,
        consumer: log.args.consumer,
        market: Number(log.args.market),
        pricePerSecond: log.args.pricePerSecond,
        block: log.blockNumber,
      })
    }
  }
  return out
}

/** What the provider has withdrawn in total, per lease, from its `LeaseWithdrawn` events. */
export async function providerWithdrawals(
  client: Client<Transport, Chain | undefined>,
  parameters: { deployment: HearthDeployment; provider: Address },
): Promise<{ lease: bigint; amount: bigint; fee: bigint }[]> {
  const { deployment, provider } = parameters
  const logs = await getContractEvents(client, {
    abi: marketplaceAbi,
    address: deployment.contracts.marketplace,
    eventName: 'LeaseWithdrawn',
    args: { provider },
    fromBlock: deployment.deployBlock,
    strict: true,
  })
  return logs.map((log) => ({ lease: log.args.lease, amount: log.args.amount, fee: log.args.fee }))
}
