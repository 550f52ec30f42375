import type { Kysely, Selectable } from 'kysely'
import type { Database, LeasesTable, ProvidersTable, QueueEntriesTable } from '../db/schema.js'

/** A provider with its queue places and its newest leases. */
export type ProviderDetail = Selectable<ProvidersTable> & {
  queue: Selectable<QueueEntriesTable>[]
  recentLeases: Selectable<LeasesTable>[]
}

/**
 * One provider by (checksummed) address, or undefined when the index has none.
 * @param recent How many of its newest leases to include (default 20).
 */
export async function getProvider(
  db: Kysely<Database>,
  address: string,
  recent = 20,
): Promise<ProviderDetail | undefined> {
  const provider = await db
    .selectFrom('providers')
    .selectAll()
    .where('address', '=', address)
    .executeTakeFirst()
  if (!provider) return undefined
  const queue = await db
    .selectFrom('queue_entries')
    .selectAll()
    .where('provider', '=', address)
    .orderBy('market_id')
    .execute()
  const recentLeases = await db
    .selectFrom('leases')
    .selectAll()
    .where('provider', '=', address)
    .orderBy('id', 'desc')
    .limit(recent)
    .execute()
  return { ...provider, queue, recentLeases }
}
