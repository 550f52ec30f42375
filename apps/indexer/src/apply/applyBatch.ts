import type { Kysely } from 'kysely'
import type { IndexedEvent } from '../chain/decodeLogs.js'
import type { Database } from '../db/schema.js'
import { writeState } from '../db/state.js'
import { applyEvent } from './applyEvent.js'
import { BatchWriter } from './BatchWriter.js'

/** A block's identity. */
export type BlockRef = { number: number; hash: string; timestamp: number }

/** One batch of the chain: its events in order and the block it ends at. */
export type Batch = {
  /** Decoded events of blocks up to `toBlock`, in (block, log index) order, timestamps filled in. */
  events: readonly IndexedEvent[]
  /** The last block of the batch: becomes the cursor. */
  toBlock: BlockRef
  /**
   * The first block a reorg could still replace (head − reorg depth + 1): changes from it on are
   * undo-logged and its blocks' hashes kept; older undo records and hashes are dropped.
   */
  undoFrom: number
}

const leaseEvents = new Set(['LeaseToppedUp', 'LeaseWithdrawn', 'LeaseClosed'])
const orderEvents = new Set(['BidPlaced', 'OrderAccepted', 'OrderCancelled'])

/**
 * Applies a batch in one transaction: the rows its events write, the undo records, the hashes of its
 * blocks in the reorg window, and the cursor. Either all of it lands or none does, so a crash
 * replays the batch from the previous cursor.
 */
export async function applyBatch(db: Kysely<Database>, batch: Batch): Promise<void> {
  const { events, toBlock, undoFrom } = batch
  await db.transaction().execute(async (trx) => {
    const w = new BatchWriter(trx, undoFrom)
    // Read the entities the batch will touch in a few queries instead of one per event.
    const leases: number[] = []
    const orders: number[] = []
    const providers: string[] = []
    for (const event of events) {
      const args = event.args as Record<string, unknown>
      if (leaseEvents.has(event.name)) leases.push(Number(args.lease))
      else if (orderEvents.has(event.name)) orders.push(Number(args.order))
      if (event.contract === 'registry' && typeof args.provider === 'string') providers.push(args.provider)
      if (event.name === 'LeaseOpened' || event.name === 'ProviderDequeued')
        providers.push(String(args.provider))
    }
    await w.prefetch('leases', leases)
    await w.prefetch('orders', orders)
    await w.prefetch('providers', providers)
    await w.prefetch('queue_entries', providers)
    const blocks = new Map<number, BlockRef>()
    const transactions = new Map<string, { hash: string; block_number: number; timestamp: number }>()
    for (const event of events) {
      await applyEvent(w, event)
      if (!transactions.has(event.txHash)) {
        transactions.set(event.txHash, {
          hash: event.txHash,
          block_number: event.blockNumber,
          timestamp: event.timestamp,
        })
      }
      if (event.blockNumber >= undoFrom && !blocks.has(event.blockNumber)) {
        blocks.set(event.blockNumber, {
          number: event.blockNumber,
          hash: event.blockHash,
          timestamp: event.timestamp,
        })
      }
    }
    for (const row of transactions.values()) w.append('transactions', row)
    await w.flush()
    blocks.set(toBlock.number, toBlock)
    await trx
      .insertInto('blocks')
      .values([...blocks.values()])
      .onConflict((conflict) =>
        conflict.column('number').doUpdateSet((eb) => ({
          hash: eb.ref('excluded.hash'),
          timestamp: eb.ref('excluded.timestamp'),
        })),
      )
      .execute()
    await trx
      .deleteFrom('blocks')
      .where('number', '<', undoFrom)
      .where('number', '<>', toBlock.number)
      .execute()
    await trx.deleteFrom('undo_log').where('block_number', '<', undoFrom).execute()
    await writeState(trx, { cursor: toBlock.number, cursor_timestamp: toBlock.timestamp })
  })
}
