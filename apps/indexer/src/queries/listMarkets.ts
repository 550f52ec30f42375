import type { Kysely, Selectable } from 'kysely'
import type { Database, MarketsTable } from '../db/schema.js'

/** Every market, by id. */
export async function listMarkets(db: Kysely<Database>): Promise<Selectable<MarketsTable>[]> {
  return db.selectFrom('markets').selectAll().orderBy('id').execute()
}
