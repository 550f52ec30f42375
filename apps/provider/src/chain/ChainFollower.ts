import { auctionsAbi, marketplaceAbi } from '@hearth/abi'
import type { EventArgs, HearthDeployment } from '@hearth/sdk'
import type { Address, Chain, Client, Transport } from 'viem'
import { getBlockNumber, getContractEvents } from 'viem/actions'
import type { LeaseJournal } from '../lease/LeaseJournal.js'

type Located<Args> = { blockNumber: bigint; logIndex: number; args: Args }

/** A contract event the agent acts on, in chain order. */
export type ChainEvent =
  | { kind: 'LeaseOpened'; log: Located<EventArgs<typeof marketplaceAbi, 'LeaseOpened'>> }
  | { kind: 'LeaseClosed'; log: Located<EventArgs<typeof marketplaceAbi, 'LeaseClosed'>> }
  | { kind: 'LeaseToppedUp'; log: Located<EventArgs<typeof marketplaceAbi, 'LeaseToppedUp'>> }
  | { kind: 'OrderCreated'; log: Located<EventArgs<typeof auctionsAbi, 'OrderCreated'>> }

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
   * @returns The number of events handled, the new cursor and the chain's head (unconfirmed).
   */
  async poll(
    handle: (events: ChainEvent[]) => Promise<void>,
  ): Promise<{ events: number; cursor: bigint; head: bigint }> {
    const { client, deployment, journal, confirmations, batchBlocks, provider } = this.#options
    let cursor: bigint = this.#cursor ?? (await journal.readCursor()) ?? deployment.deployBlock - 1n
    this.#cursor = cursor
    const latest = await getBlockNumber(client, { cacheTime: 0 })
    const head = latest - BigInt(confirmations)
    let handled = 0
    while (cursor < head) {
      const fromBlock: bigint = cursor + 1n
      const last: bigint = fromBlock + BigInt(batchBlocks) - 1n
      const toBlock: bigint = last < head ? last : head
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
      const at = (log: { blockNumber: bigint | null; logIndex: number | null }) => ({
        blockNumber: log.blockNumber ?? toBlock,
        logIndex: log.logIndex ?? 0,
      })
      for (const log of marketEvents) {
        if (log.eventName === 'LeaseOpened') {
          if (log.args.provider.toLowerCase() === provider.toLowerCase()) {
            events.push({ kind: 'LeaseOpened', log: { ...at(log), args: log.args } })
          }
        } else if (log.eventName === 'LeaseClosed') {
          events.push({ kind: 'LeaseClosed', log: { ...at(log), args: log.args } })
        } else if (log.eventName === 'LeaseToppedUp') {
          events.push({ kind: 'LeaseToppedUp', log: { ...at(log), args: log.args } })
        }
      }
      for (const log of orders) events.push({ kind: 'OrderCreated', log: { ...at(log), args: log.args } })
      events.sort((a, b) =>
        a.log.blockNumber === b.log.blockNumber
          ? a.log.logIndex - b.log.logIndex
          : a.log.blockNumber < b.log.blockNumber
            ? -1
            : 1,
      )
      if (events.length > 0) await handle(events)
      await journal.writeCursor(toBlock)
      cursor = toBlock
      this.#cursor = cursor
      handled += events.length
    }
    return { events: handled, cursor, head: latest }
  }
}
