import type { Kysely, Selectable } from 'kysely'
import type { Database, OrdersTable } from '../db/schema.js'

/** Options of {@link listOrders}: filters and keyset pagination (ids descending). */
export type ListOrdersParameters = {
  state?: 'open' | 'accepted' | 'cancelled'
  consumer?: string
  market?: number
  /** Rows at most (1–1000). Default 100. */
  limit?: number
  /** Return orders with ids below this one (the last id of the previous page). */
  before?: number
}

/** Reverse-auction orders, newest first. */
export async function listOrders(
  db: Kysely<Database>,
  parameters: ListOrdersParameters = {},
): Promise<Selectable<OrdersTable>[]> {
  let query = db.selectFrom('orders').selectAll()
  if (parameters.state) query = query.where('state', '=', parameters.state)
  if (parameters.consumer) query = query.where('consumer', '=', parameters.consumer)
  if (parameters.market !== undefined) query = query.where('market_id', '=', parameters.market)
  if (parameters.before !== undefined) query = query.where('id', '<', parameters.before)
  const limit = Math.min(1000, Math.max(1, parameters.limit ?? 100))
  return query.orderBy('id', 'desc').limit(limit).execute()
}
