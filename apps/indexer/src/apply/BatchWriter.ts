import type { Kysely } from 'kysely'
import {
  type AppendTable,
  type Database,
  type EntityTable,
  entityTables,
  type UndoLogTable,
} from '../db/schema.js'

type Row = Record<string, unknown>
type Untyped = Kysely<Record<string, Row>>
/** A key value: the primary key columns' values, in order. */
export type KeyValues = readonly (string | number)[]

const keyColumns = entityTables as Record<EntityTable, readonly string[]>

/** Rows per INSERT: keeps every statement well under SQLite's and PostgreSQL's parameter limits. */
function chunkSize(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(16_000 / Math.max(1, columns))))
}

/**
 * Collects one batch's writes in memory and writes them at the end in bulk: entity rows are read
 * once (cached), changed in memory and upserted; event rows are inserted many to a statement. For
 * every entity row a block at or after `undoFrom` changes, the row as it was before that block is
 * kept in the undo log, so that a reorg can restore it.
 */
export class BatchWriter {
  readonly #db: Untyped
  readonly #undoFrom: number
  readonly #rows = new Map<EntityTable, Map<string, Row | null>>()
  readonly #dirty = new Map<EntityTable, Set<string>>()
  readonly #appends = new Map<AppendTable, Row[]>()
  readonly #undo: Omit<UndoLogTable, 'id'>[] = []
  readonly #undone = new Set<string>()

  /**
   * @param db The transaction the batch is written in (reads go through it too).
   * @param undoFrom The first block whose changes must be undoable.
   */
  constructor(db: Kysely<Database>, undoFrom: number) {
    this.#db = db as unknown as Untyped
    this.#undoFrom = undoFrom
  }

  #cache(table: EntityTable): Map<string, Row | null> {
    let rows = this.#rows.get(table)
    if (!rows) {
      rows = new Map()
      this.#rows.set(table, rows)
    }
    return rows
  }

  /** Loads the rows of a single-column-key table for `keys` in a few queries (missing ones as absent). */
  async prefetch(table: EntityTable, keys: Iterable<string | number>): Promise<void> {
    const [column] = keyColumns[table]
    if (column === undefined || keyColumns[table].length !== 1) return
    const cache = this.#cache(table)
    const wanted = [...new Set(keys)].filter((key) => !cache.has(JSON.stringify([key])))
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500)
      const rows = await this.#db.selectFrom(table).selectAll().where(column, 'in', chunk).execute()
      for (const key of chunk) cache.set(JSON.stringify([key]), null)
      for (const row of rows) cache.set(JSON.stringify([row[column]]), row)
    }
  }

  /** The row of `table` with primary key `key`, as this batch has left it; undefined when absent. */
  async get<T extends EntityTable>(table: T, key: KeyValues): Promise<Database[T] | undefined> {
    const cache = this.#cache(table)
    const id = JSON.stringify(key)
    if (!cache.has(id)) {
      let query = this.#db.selectFrom(table).selectAll()
      keyColumns[table].forEach((column, i) => {
        query = query.where(column, '=', key[i] as string | number)
      })
      cache.set(id, (await query.executeTakeFirst()) ?? null)
    }
    return (cache.get(id) ?? undefined) as Database[T] | undefined
  }

  #touch(table: EntityTable, id: string, block: number): void {
    if (block < this.#undoFrom) return
    const mark = `${block}\0${table}\0${id}`
    if (this.#undone.has(mark)) return
    this.#undone.add(mark)
    const before = this.#cache(table).get(id)
    this.#undo.push({
      block_number: block,
      table_name: table,
      row_key: id,
      image: before ? JSON.stringify(before) : null,
    })
  }

  #markDirty(table: EntityTable, id: string): void {
    let dirty = this.#dirty.get(table)
    if (!dirty) {
      dirty = new Set()
      this.#dirty.set(table, dirty)
    }
    dirty.add(id)
  }

  /**
   * Writes `row` (whole) as the new state of its entity, changed by `block`. A row not read with
   * {@link get} first is taken to be new.
   */
  put<T extends EntityTable>(table: T, row: Database[T], block: number): void {
    const values = row as unknown as Row
    const id = JSON.stringify(keyColumns[table].map((column) => values[column]))
    this.#touch(table, id, block)
    this.#cache(table).set(id, values)
    this.#markDirty(table, id)
  }

  /** Deletes the entity with primary key `key`, in `block`. */
  remove(table: EntityTable, key: KeyValues, block: number): void {
    const id = JSON.stringify(key)
    this.#touch(table, id, block)
    this.#cache(table).set(id, null)
    this.#markDirty(table, id)
  }

  /** Adds a row to an append-only table. */
  append<T extends AppendTable>(table: T, row: Database[T]): void {
    let rows = this.#appends.get(table)
    if (!rows) {
      rows = []
      this.#appends.set(table, rows)
    }
    rows.push(row as unknown as Row)
  }

  /** Writes everything collected (call once, inside the batch's transaction). */
  async flush(): Promise<void> {
    for (const [table, ids] of this.#dirty) {
      const cache = this.#cache(table)
      const upserts: Row[] = []
      for (const id of ids) {
        const row = cache.get(id)
        if (row) upserts.push(row)
        else await deleteByKey(this.#db, table, JSON.parse(id) as KeyValues)
      }
      await upsertRows(this.#db, table, upserts)
    }
    for (const [table, rows] of this.#appends) await insertRows(this.#db, table, rows)
    await insertRows(this.#db, 'undo_log', this.#undo)
  }
}

/** Inserts `rows` into `table`, many per statement. */
export async function insertRows(
  db: Kysely<Database> | Untyped,
  table: string,
  rows: readonly Row[],
): Promise<void> {
  const first = rows[0]
  if (!first) return
  const size = chunkSize(Object.keys(first).length)
  for (let i = 0; i < rows.length; i += size) {
    await (db as Untyped)
      .insertInto(table)
      .values(rows.slice(i, i + size) as Row[])
      .execute()
  }
}

/** Inserts or replaces `rows` of an entity table by primary key. */
export async function upsertRows(
  db: Kysely<Database> | Untyped,
  table: EntityTable,
  rows: readonly Row[],
): Promise<void> {
  const first = rows[0]
  if (!first) return
  const keys = keyColumns[table]
  const columns = Object.keys(first).filter((column) => !keys.includes(column))
  const size = chunkSize(Object.keys(first).length)
  for (let i = 0; i < rows.length; i += size) {
    await (db as Untyped)
      .insertInto(table)
      .values(rows.slice(i, i + size) as Row[])
      .onConflict((conflict) =>
        conflict
          .columns(keys as never)
          .doUpdateSet((eb) =>
            Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)])),
          ),
      )
      .execute()
  }
}

/** Deletes the entity of `table` with primary key `key`. */
export async function deleteByKey(
  db: Kysely<Database> | Untyped,
  table: EntityTable,
  key: KeyValues,
): Promise<void> {
  let query = (db as Untyped).deleteFrom(table)
  keyColumns[table].forEach((column, i) => {
    query = query.where(column, '=', key[i] as string | number)
  })
  await query.execute()
}
