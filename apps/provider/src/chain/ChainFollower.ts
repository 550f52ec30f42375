import { auctionsAbi, marketplaceAbi } from '@hearth/abi'
import type { HearthDeployment } from '@hearth/sdk'
import type { Address, Chain, Client, Log, Transport } from 'viem'
import { getBlockNumber, getContractEvents } from 'viem/actions'
import type { LeaseJournal } from '../lease/LeaseJournal.js'

type EventOf<Abi extends typeof marketplaceAbi | typeof auctionsAbi, Name extends string> = Log<
  bigint,
  number,
  false,
  Extract<Abi[number], { type: 'event'; name: Name }>,
  true
>

/** A contract event the agent acts on, in chain order. */
export type ChainEvent =
  | { kind: 'LeaseOpened'; log: EventOf<typeof marketplaceAbi, 'LeaseOpened'> }
  | { kind: 'LeaseClosed'; log: EventOf<typeof marketplaceAbi, 'LeaseClosed'> }
  | { kind: 'LeaseToppedUp'; log: EventOf<typeof marketplaceAbi, 'LeaseToppedUp'> }
  | { kind: 'OrderCreated'; log: EventOf<typeof auctionsAbi, 'OrderCreated'> }

/** Options of {@link ChainFollower}. */
export type ChainFollowerOptions = {
  client: Client<Transport, Chain | undefined>
  deployment: HearthDeployment
  /** The provider: only its `LeaseOpened` events are returned. */
  provider: Address
  journal: LeaseJournal
  confirmations: number
  batchBlocks: number
}

/**
 * Follows the contracts' events from a cursor kept in the journal: each `poll()` reads the blocks
 * since the last one handled (in batches, up to the head less `confirmations`), hands the events
 * to the handler in chain order, and moves the cursor only once the handler has returned, so a crash
 * mid-batch replays the batch (handlers are idempotent) rather than losing it.
 */
export class ChainFollower {
  readonly #options: ChainFollowerOptions
  #cursor: bigint | undefined

  constructor(options: ChainFollowerOptions) {
    this.#options = options
  }

  /** The last block handled. */
  get cursor(): bigint | undefined {
    return this.#cursor
  }

  /**
   * Reads and hands over every event up to the confirmed head.
   * @returns The number of events handled and the new cursor.
   */
  async poll(handle: (events: ChainEvent[]) => Promise<void>): Promise<{ events: number; cursor: bigint }> {
    const { client, deployment, journal, confirmations, batchBlocks, provider } = this.#options
    if (this.#cursor === undefined) {
      this.#cursor = (await journal.readCursor()) ?? deployment.deployBlock - 1n
    }
    const head = (await getBlockNumber(client, { cacheTime: 0 })) - BigInt(confirmations)
    let handled = 0
    while (this.#cursor < head) {
      const fromBlock = this.#cursor + 1n
      const toBlock = fromBlock + BigInt(batchBlocks) - 1n < head ? fromBlock + BigInt(batchBlocks) - 1n : head
      const [marketEvents, orders] = await Promise.all([
        getContractEvents(client, {
          abi: marketplaceAbi,
          address: deployment.contracts.marketplace,
          fromBlock,
          toBlock,
          strict: true,
        }),
        getContractEvents(client, {
          abi: auctionsAbi,
          address: deployment.contracts.auctions,
          eventName: 'OrderCreated',
          fromBlock,
          toBlock,
          strict: true,
        }),
      ])
      const events: ChainEvent[] = []
      for (const log of marketEvents) {
        if (log.eventName === 'LeaseOpened') {
          if (log.args.provider.toLowerCase() === provider.toLowerCase()) events.push({ kind: 'LeaseOpened', log })
        } else if (log.eventName === 'LeaseClosed') events.push({ kind: 'LeaseClosed', log })
        else if (log.eventName === 'LeaseToppedUp') events.push({ kind: 'LeaseToppedUp', log })
      }
      for (const log of orders) events.push({ kind: 'OrderCreated', log })
      events.sort((a, b) =>
        a.log.blockNumber === b.log.blockNumber
          ? a.log.logIndex - b.log.logIndex
          : a.log.blockNumber < b.log.blockNumber
            ? -1
            : 1,
      )
      if (events.length > 0) await handle(events)
      await journal.writeCursor(toBlock)
      this.#cursor = toBlock
      handled += events.length
    }
    return { events: handled, cursor: this.#cursor }
  }
}
