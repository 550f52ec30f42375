import { marketLensAbi } from '@hearth/abi'
import { type Address, type Chain, type Client, type Transport, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import type { HearthDeployment } from '../deployment.js'
import type { ReadErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { guard } from '../internal/guard.js'
import type { MarketId, QueueEntryView } from '../types.js'

/** Parameters of {@link getQueue}. */
export type GetQueueParameters = {
  deployment: HearthDeployment
  market: MarketId
  /** Most entries to return (default: all). */
  limit?: number | undefined
  /** Entries read per call (default 100). */
  pageSize?: number | undefined
}

/** The queue, best first: the order in which takes are matched. */
export type GetQueueReturnType = QueueEntryView[]

/** What {@link getQueue} can throw. */
export type GetQueueErrorType = ReadErrorType

/**
 * The providers waiting in `market`'s queue, best (most reputable, then earliest) first, read in pages
 * through `MarketLens.getQueue`.
 * @param client Any client on the deployment's chain.
 * @param parameters Market and limits.
 */
export async function getQueue(
  client: Client<Transport, Chain | undefined>,
  parameters: GetQueueParameters,
): Promise<GetQueueReturnType> {
  const { deployment, market, limit = Number.POSITIVE_INFINITY, pageSize = 100 } = parameters
  assertChain(client, deployment)
  const entries: QueueEntryView[] = []
  let start: Address = zeroAddress
  while (entries.length < limit) {
    const max = BigInt(Math.min(pageSize, limit - entries.length))
    const [providers, slots, reputations] = await guard('MarketLens.getQueue', () =>
      readContract(client, {
        abi: marketLensAbi,
        address: deployment.contracts.marketLens,
        functionName: 'getQueue',
        args: [market, start, max],
      }),
    )
    providers.forEach((provider, i) => {
      entries.push({ provider, slots: slots[i] ?? 0, reputation: reputations[i] ?? 0 })
    })
    const last = providers.at(-1)
    if (last === undefined || BigInt(providers.length) < max) break
    start = last
  }
  return entries
}
