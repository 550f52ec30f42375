import type { Kysely, Selectable } from 'kysely'
import type { Database, MarketsTable, PriceUpdatesTable, QueueEntriesTable } from '../db/schema.js'

/** A market with its reference price history (oldest first) and its queue (best reputation first). */
export type MarketDetail = Selectable<MarketsTable> & {
  priceHistory: Selectable<PriceUpdatesTable>[]
  queue: Selectable<QueueEntriesTable>[]
}

/**
 * One market by id, or undefined when the index has none.
 * @param historyLimit The newest price updates to include at most (default 1000).
 */
export async function getMarket(
  db: Kysely<Database>,
  id: number,
  historyLimit = 1000,
): Promise<MarketDetail | undefined> {
  const market = await db.selectFrom('markets').selectAll().where('id', '=', id).executeTakeFirst()
  if (!market) return undefined
  const newest = await db
    .selectFrom('price_updates')
    .selectAll()
    .where('market_id', '=', id)
    .orderBy('block_number', 'desc')
    .orderBy('log_index', 'desc')
    .limit(historyLimit)
    .execute()
  const queue = await db
    .selectFrom('queue_entries')
    .selectAll()
    .where('market_id', '=', id)
    .orderBy('reputation', 'desc')
    .orderBy('queued_block')
    .execute()
  return { ...market, priceHistory: newest.reverse(), queue }
}
