import { type ColumnDataType, type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely'
import type { Dialect } from './IndexerDatabase.js'

type Types = {
  /** Integers: block numbers, timestamps, ids, counts (all below 2^53). */
  int: ColumnDataType
  /** Token amounts: exact decimals, never floats. */
  money: ColumnDataType | ReturnType<typeof sql>
}

function types(dialect: Dialect): Types {
  return dialect === 'postgres'
    ? { int: 'bigint', money: sql`numeric(78, 0)` }
    : { int: 'integer', money: 'text' }
}

type Table = CreateTableBuilder<string, never>

/** Adds the columns every append-only event table has, and its key (block, log index). */
function eventColumns(name: string, table: Table, t: Types): Table {
  return table
    .addColumn('block_number', t.int, (c) => c.notNull())
    .addColumn('log_index', t.int, (c) => c.notNull())
    .addColumn('tx_hash', 'text', (c) => c.notNull())
    .addColumn('timestamp', t.int, (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['block_number', 'log_index'] as never)
}

/** Creates every table of schema version 1. */
function initial(dialect: Dialect): Migration {
  const t = types(dialect)
  return {
    async up(db: Kysely<unknown>) {
      const create = (name: string): Table => db.schema.createTable(name) as Table
      const money = (c: Parameters<Parameters<Table['addColumn']>[2] & object>[0]) => c.notNull()
      await create('indexer_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
      await create('blocks')
        .addColumn('number', t.int, (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('timestamp', t.int, (c) => c.notNull())
        .execute()
      await create('undo_log')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('block_number', t.int, (c) => c.notNull())
        .addColumn('table_name', 'text', (c) => c.notNull())
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('image', 'text')
        .execute()
      await db.schema.createIndex('undo_log_block').on('undo_log').column('block_number').execute()
      await create('transactions')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('block_number', t.int, (c) => c.notNull())
        .addColumn('timestamp', t.int, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('transactions_block').on('transactions').column('block_number').execute()
      await create('providers')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('gpu_vendor', t.int, (c) => c.notNull())
        .addColumn('gpu_model', 'text', (c) => c.notNull())
        .addColumn('gpu_count', t.int, (c) => c.notNull())
        .addColumn('vram_mib', t.int, (c) => c.notNull())
        .addColumn('cpu_cores', t.int, (c) => c.notNull())
        .addColumn('ram_mib', t.int, (c) => c.notNull())
        .addColumn('disk_gib', t.int, (c) => c.notNull())
        .addColumn('bandwidth_mbps', t.int, (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('compliance_tags', 'text', (c) => c.notNull())
        .addColumn('supply_source', t.int, (c) => c.notNull())
        .addColumn('benchmark_gflops', t.int, (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('stake', t.money, money)
        .addColumn('unbonding', t.money, money)
        .addColumn('unbonding_ready_at', t.int, (c) => c.notNull())
        .addColumn('reputation', t.int, (c) => c.notNull())
        .addColumn('slashed', t.money, money)
        .addColumn('jobs_succeeded', t.int, (c) => c.notNull())
        .addColumn('jobs_failed', t.int, (c) => c.notNull())
        .addColumn('registered_at', t.int, (c) => c.notNull())
        .addColumn('registered_block', t.int, (c) => c.notNull())
        .addColumn('updated_block', t.int, (c) => c.notNull())
        .execute()
      await create('markets')
        .addColumn('id', t.int, (c) => c.primaryKey())
        .addColumn('gpu_model', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('min_vram_mib', t.int, (c) => c.notNull())
        .addColumn('gpus_per_lease', t.int, (c) => c.notNull())
        .addColumn('target_utilization_bps', t.int, (c) => c.notNull())
        .addColumn('reference_price', t.money, money)
        .addColumn('min_price', t.money, money)
        .addColumn('max_price', t.money, money)
        .addColumn('paused', t.int, (c) => c.notNull())
        .addColumn('idle_slots', t.int, (c) => c.notNull())
        .addColumn('active_leases', t.int, (c) => c.notNull())
        .addColumn('leases_opened', t.int, (c) => c.notNull())
        .addColumn('created_at', t.int, (c) => c.notNull())
        .addColumn('created_block', t.int, (c) => c.notNull())
        .addColumn('updated_block', t.int, (c) => c.notNull())
        .execute()
      await eventColumns(
        'price_updates',
        create('price_updates')
          .addColumn('market_id', t.int, (c) => c.notNull())
          .addColumn('cause', 'text', (c) => c.notNull())
          .addColumn('old_price', t.money, money)
          .addColumn('new_price', t.money, money)
          .addColumn('utilization_bps', t.int),
        t,
      ).execute()
      await db.schema
        .createIndex('price_updates_market')
        .on('price_updates')
        .columns(['market_id', 'timestamp'])
        .execute()
      await create('queue_entries')
        .addColumn('provider', 'text', (c) => c.primaryKey())
        .addColumn('market_id', t.int, (c) => c.notNull())
        .addColumn('slots', t.int, (c) => c.notNull())
        .addColumn('reputation', t.int, (c) => c.notNull())
        .addColumn('queued_block', t.int, (c) => c.notNull())
        .execute()
      await create('orders')
        .addColumn('id', t.int, (c) => c.primaryKey())
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('market_id', t.int, (c) => c.notNull())
        .addColumn('max_price', t.money, money)
        .addColumn('duration_seconds', t.int, (c) => c.notNull())
        .addColumn('bidding_ends_at', t.int, (c) => c.notNull())
        .addColumn('deposit', t.money, money)
        .addColumn('spec_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('bids', t.int, (c) => c.notNull())
        .addColumn('winner', 'text')
        .addColumn('lease_id', t.int)
        .addColumn('price', t.money)
        .addColumn('refund', t.money)
        .addColumn('created_at', t.int, (c) => c.notNull())
        .addColumn('created_block', t.int, (c) => c.notNull())
        .addColumn('closed_block', t.int)
        .addColumn('tx_hash', 'text', (c) => c.notNull())
        .execute()
      await eventColumns(
        'bids',
        create('bids')
          .addColumn('order_id', t.int, (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('price', t.money, money),
        t,
      ).execute()
      await db.schema.createIndex('bids_order').on('bids').column('order_id').execute()
      await create('leases')
        .addColumn('id', t.int, (c) => c.primaryKey())
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('market_id', t.int, (c) => c.notNull())
        .addColumn('tier', t.int, (c) => c.notNull())
        .addColumn('price', t.money, money)
        .addColumn('deposit', t.money, money)
        .addColumn('topped_up', t.money, money)
        .addColumn('spec_hash', 'text', (c) => c.notNull())
        .addColumn('order_id', t.int, (c) => c.notNull())
        .addColumn('cluster_id', t.int, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('opened_at', t.int, (c) => c.notNull())
        .addColumn('opened_block', t.int, (c) => c.notNull())
        .addColumn('funded_until', t.int, (c) => c.notNull())
        .addColumn('withdrawn', t.money, money)
        .addColumn('fees', t.money, money)
        .addColumn('close_reason', t.int)
        .addColumn('closed_by', 'text')
        .addColumn('ended_at', t.int)
        .addColumn('refund', t.money)
        .addColumn('result_hash', 'text')
        .addColumn('closed_block', t.int)
        .addColumn('tx_hash', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('leases_consumer').on('leases').column('consumer').execute()
      await db.schema.createIndex('leases_provider').on('leases').column('provider').execute()
      await db.schema.createIndex('leases_state').on('leases').column('state').execute()
      await eventColumns(
        'top_ups',
        create('top_ups')
          .addColumn('lease_id', t.int, (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('amount', t.money, money)
          .addColumn('escrowed', t.money, money),
        t,
      ).execute()
      await db.schema.createIndex('top_ups_lease').on('top_ups').column('lease_id').execute()
      await eventColumns(
        'withdrawals',
        create('withdrawals')
          .addColumn('lease_id', t.int, (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('amount', t.money, money)
          .addColumn('fee', t.money, money),
        t,
      ).execute()
      await db.schema.createIndex('withdrawals_lease').on('withdrawals').column('lease_id').execute()
      await eventColumns(
        'clusters',
        create('clusters')
          .addColumn('id', t.int, (c) => c.notNull().unique())
          .addColumn('consumer', 'text', (c) => c.notNull())
          .addColumn('market_id', t.int, (c) => c.notNull())
          .addColumn('size', t.int, (c) => c.notNull())
          .addColumn('lease_ids', 'text', (c) => c.notNull()),
        t,
      ).execute()
      await eventColumns(
        'fee_sweeps',
        create('fee_sweeps')
          .addColumn('token', 'text', (c) => c.notNull())
          .addColumn('burned', t.money, money)
          .addColumn('to_treasury', t.money, money),
        t,
      ).execute()
      await eventColumns(
        'slashes',
        create('slashes')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('finder', 'text', (c) => c.notNull())
          .addColumn('amount', t.money, money)
          .addColumn('finder_reward', t.money, money)
          .addColumn('burned', t.money, money)
          .addColumn('stake_left', t.money, money),
        t,
      ).execute()
      await eventColumns(
        'stake_changes',
        create('stake_changes')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('amount', t.money, money)
          .addColumn('stake', t.money),
        t,
      ).execute()
      await eventColumns(
        'reputation_changes',
        create('reputation_changes')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('old_reputation', t.int, (c) => c.notNull())
          .addColumn('new_reputation', t.int, (c) => c.notNull())
          .addColumn('success', t.int, (c) => c.notNull()),
        t,
      ).execute()
      await eventColumns(
        'token_transfers',
        create('token_transfers')
          .addColumn('token', 'text', (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('recipient', 'text', (c) => c.notNull())
          .addColumn('amount', t.money, money),
        t,
      ).execute()
      await db.schema
        .createIndex('token_transfers_recipient')
        .on('token_transfers')
        .column('recipient')
        .execute()
      await eventColumns(
        'governance_events',
        create('governance_events')
          .addColumn('contract', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('args', 'text', (c) => c.notNull()),
        t,
      ).execute()
      await create('lease_hourly')
        .addColumn('hour', t.int, (c) => c.notNull())
        .addColumn('market_id', t.int, (c) => c.notNull())
        .addColumn('lease_seconds', t.int, (c) => c.notNull())
        .addColumn('gpu_seconds', t.int, (c) => c.notNull())
        .addColumn('revenue', t.money, money)
        .addPrimaryKeyConstraint('lease_hourly_pk', ['hour', 'market_id'] as never)
        .execute()
      // Indexes every append-only table needs for a reorg's `DELETE … WHERE block_number >= fork`
      // come with their (block_number, log_index) primary key.
    },
  }
}

/** The migrations for `dialect`, by name (applied in name order). */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return { '0001_initial': initial(dialect) }
}
