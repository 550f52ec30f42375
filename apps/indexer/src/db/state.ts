import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** What the index records about itself. */
export type IndexerState = {
  /** The last block applied (every event up to it is in the index); undefined before the first batch. */
  cursor: number | undefined
  /** Unix seconds of the cursor block. */
  cursorTimestamp: number | undefined
  /** `chain <id> marketplace <address>`: the deployment the index follows. */
  deployment: string | undefined
}

/** Reads the index's state. */
export async function readState(db: Kysely<Database>): Promise<IndexerState> {
  const rows = await db.selectFrom('indexer_state').selectAll().execute()
  const value = (key: string) => rows.find((row) => row.key === key)?.value
  const number = (key: string) => {
    const v = value(key)
    return v === undefined ? undefined : Number(v)
  }
  return {
    cursor: number('cursor'),
    cursorTimestamp: number('cursor_timestamp'),
    deployment: value('deployment'),
  }
}

/** Writes state keys (inside the caller's transaction when given one). */
export async function writeState(
  db: Kysely<Database>,
  values: Record<string, string | number>,
): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ key, value: String(value) }))
  if (rows.length === 0) return
  await db
    .insertInto('indexer_state')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
    )
    .execute()
}
