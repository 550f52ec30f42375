import type { Kysely, Selectable } from 'kysely'
import type { BidsTable, Database, OrdersTable } from '../db/schema.js'

/** An order with its bids, in chain order. */
export type OrderDetail = Selectable<OrdersTable> & { bidList: Selectable<BidsTable>[] }

/** One order by id, or undefined when the index has none. */
export async function getOrder(db: Kysely<Database>, id: number): Promise<OrderDetail | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
  if (!order) return undefined
  const bidList = await db
    .selectFrom('bids')
    .selectAll()
    .where('order_id', '=', id)
    .orderBy('block_number')
    .orderBy('log_index')
    .execute()
  return { ...order, bidList }
}
