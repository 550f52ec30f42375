import type { Kysely, Selectable } from 'kysely'
import type { Database, LeasesTable, TopUpsTable, WithdrawalsTable } from '../db/schema.js'

/** A lease with its top-ups and withdrawals, in chain order. */
export type LeaseDetail = Selectable<LeasesTable> & {
  topUps: Selectable<TopUpsTable>[]
  withdrawals: Selectable<WithdrawalsTable>[]
}

/** One lease by id, or undefined when the index has none. */
export async function getLease(db: Kysely<Database>, id: number): Promise<LeaseDetail | undefined> {
  const lease = await db.selectFrom('leases').selectAll().where('id', '=', id).executeTakeFirst()
  if (!lease) return undefined
  const topUps = await db
    .selectFrom('top_ups')
    .selectAll()
    .where('lease_id', '=', id)
    .orderBy('block_number')
    .orderBy('log_index')
    .execute()
  const withdrawals = await db
    .selectFrom('withdrawals')
    .selectAll()
    .where('lease_id', '=', id)
    .orderBy('block_number')
    .orderBy('log_index')
    .execute()
  return { ...lease, topUps, withdrawals }
}
