import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { DatabaseOpenError } from '../errors.js'
import { migrations } from './migrations.js'
import type { Database } from './schema.js'

/** Which SQL engine holds the index. */
export type Dialect = 'sqlite' | 'postgres'

/** An open, migrated index database. */
export type IndexerDatabase = {
  db: Kysely<Database>
  dialect: Dialect
  /** Where it is: a file path or the PostgreSQL URL without its password. */
  location: string
  close: () => Promise<void>
}

/** Options of {@link openDatabase}. */
export type OpenDatabaseParameters = {
  /** A `postgres://` (or `postgresql://`) URL, or the path of a SQLite file (created when missing). */
  url: string
  /** PostgreSQL connections at most. Default 4. */
  poolSize?: number
}

// PostgreSQL's int8 (block numbers, timestamps, counts) arrives as a string by default: every value the
// schema stores in one is below 2^53, so it is read as a number. NUMERIC (money) stays a string.
const int8 = 20
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === int8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

/**
 * Opens the index (SQLite by default, PostgreSQL for a `postgres://` URL) and brings its schema up to
 * date.
 * @throws {DatabaseOpenError} when the database cannot be reached or migrated.
 */
export async function openDatabase(parameters: OpenDatabaseParameters): Promise<IndexerDatabase> {
  const { url } = parameters
  const isPostgres = /^postgres(ql)?:\/\//.test(url)
  let db: Kysely<Database>
  let location: string
  try {
    if (isPostgres) {
      const parsed = new URL(url)
      parsed.password = ''
      location = parsed.toString()
      const pool = new pg.Pool({ connectionString: url, max: parameters.poolSize ?? 4, types: pgTypes })
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    } else {
      location = url
      if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true })
      const sqlite = new SqliteDatabase(url)
      // WAL lets readers (the API) run while a batch is written; NORMAL sync is safe with WAL.
      sqlite.pragma('journal_mode = WAL')
      sqlite.pragma('synchronous = NORMAL')
      sqlite.pragma('foreign_keys = OFF')
      db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    }
  } catch (cause) {
    throw new DatabaseOpenError(url, cause)
  }
  const dialect: Dialect = isPostgres ? 'postgres' : 'sqlite'
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: 'indexer_migrations',
    migrationLockTableName: 'indexer_migrations_lock',
  })
  const { error } = await migrator.migrateToLatest()
  if (error) {
    await db.destroy().catch(() => {})
    throw new DatabaseOpenError(location, error)
  }
  return { db, dialect, location, close: () => db.destroy() }
}
