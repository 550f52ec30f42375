import type { Kysely, Selectable } from 'kysely'
import type { Database, LeasesTable } from '../db/schema.js'

/** Options of {@link listLeases}: filters and keyset pagination (ids descending). */
export type ListLeasesParameters = {
  state?: 'active' | 'closed'
  consumer?: string
  provider?: string
  market?: number
  /** Rows at most (1–1000). Default 100. */
  limit?: number
  /** Return leases with ids below this one (the last id of the previous page). */
  before?: number
}

/** Leases, newest first. */
export async function listLeases(
  db: Kysely<Database>,
  parameters: ListLeasesParameters = {},
): Promise<Selectable<LeasesTable>[]> {
  let query = db.selectFrom('leases').selectAll()
  if (parameters.state) query = query.where('state', '=', parameters.state)
  if (parameters.consumer) query = query.where('consumer', '=', parameters.consumer)
  if (parameters.provider) query = query.where('provider', '=', parameters.provider)
  if (parameters.market !== undefined) query = query.where('market_id', '=', parameters.market)
  if (parameters.before !== undefined) query = query.where('id', '<', parameters.before)
  const limit = Math.min(1000, Math.max(1, parameters.limit ?? 100))
  return query.orderBy('id', 'desc').limit(limit).execute()
}
