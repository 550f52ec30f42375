import type { Kysely } from 'kysely'
import { appendTables, type Database, type EntityTable, entityTables } from '../db/schema.js'
import { writeState } from '../db/state.js'
import { deleteByKey, type KeyValues, upsertRows } from './BatchWriter.js'

/** What {@link revertTo} undid. */
export type RevertToReturnType = { restoredRows: number; cursor: number; cursorTimestamp: number }

/**
 * Undoes every change of blocks `fork` and later, in one transaction: entity rows go back to their
 * image before the first of those blocks changed them (or are deleted when they did not exist),
 * event rows and block hashes from `fork` on are deleted, and the cursor moves to `fork − 1`.
 * @param cursorTimestamp Unix seconds of block `fork − 1`.
 */
export async function revertTo(
  db: Kysely<Database>,
  fork: number,
  cursorTimestamp: number,
): Promise<RevertToReturnType> {
  return db.transaction().execute(async (trx) => {
    const undo = await trx
      .selectFrom('undo_log')
      .selectAll()
      .where('block_number', '>=', fork)
      .orderBy('block_number')
      .orderBy('id')
      .execute()
    const restored = new Set<string>()
    for (const entry of undo) {
      const mark = `${entry.table_name}\0${entry.row_key}`
      if (restored.has(mark)) continue
      restored.add(mark)
      const table = entry.table_name as EntityTable
      if (!(table in entityTables)) continue
      if (entry.image === null) await deleteByKey(trx, table, JSON.parse(entry.row_key) as KeyValues)
      else await upsertRows(trx, table, [JSON.parse(entry.image) as Record<string, unknown>])
    }
    await trx.deleteFrom('undo_log').where('block_number', '>=', fork).execute()
    for (const table of appendTables) await trx.deleteFrom(table).where('block_number', '>=', fork).execute()
    await trx.deleteFrom('blocks').where('number', '>=', fork).execute()
    await writeState(trx, { cursor: fork - 1, cursor_timestamp: cursorTimestamp })
    return { restoredRows: restored.size, cursor: fork - 1, cursorTimestamp }
  })
}
