import type { Generated } from 'kysely'

// The indexer's tables. Money (token base units) is a decimal string: NUMERIC(78,0) in PostgreSQL,
// TEXT in SQLite, never a JS number; sums are done with bigint in the query layer so that both
// databases give the same answers. Addresses are checksummed, hashes lower-case 0x-hex. Every row
// an event wrote carries its block number, so a reorg can delete or undo it (see revertTo).

/** A decimal string of token base units. */
export type Money = string

/** Columns of every append-only event table: where on chain the row came from. */
export type EventColumns = {
  block_number: number
  log_index: number
  tx_hash: string
  /** Block timestamp, unix seconds. */
  timestamp: number
}

/** Key-value state: the cursor, the chain and deployment this database follows. */
export type IndexerStateTable = { key: string; value: string }

/** Hashes of recent blocks (the reorg window) and of the cursor block. */
export type BlocksTable = { number: number; hash: string; timestamp: number }

/** Images of entity rows before a block in the reorg window changed them (null: the row was absent). */
export type UndoLogTable = {
  id: Generated<number>
  block_number: number
  table_name: string
  row_key: string
  image: string | null
}

/** Transactions that emitted at least one event of the protocol's contracts. */
export type TransactionsTable = { hash: string; block_number: number; timestamp: number }

export type ProvidersTable = {
  address: string
  /** `registered` (the registry has no other live state). */
  status: string
  gpu_vendor: number
  gpu_model: string
  gpu_count: number
  vram_mib: number
  cpu_cores: number
  ram_mib: number
  disk_gib: number
  bandwidth_mbps: number
  region: string
  /** uint64 bitmask, as a decimal string. */
  compliance_tags: string
  supply_source: number
  benchmark_gflops: number
  endpoint: string
  stake: Money
  unbonding: Money
  unbonding_ready_at: number
  /** In reputation units (1000 = one success). */
  reputation: number
  slashed: Money
  jobs_succeeded: number
  jobs_failed: number
  registered_at: number
  registered_block: number
  updated_block: number
}

export type MarketsTable = {
  id: number
  gpu_model: string
  token: string
  min_vram_mib: number
  gpus_per_lease: number
  target_utilization_bps: number
  reference_price: Money
  min_price: Money
  max_price: Money
  paused: number
  /** Slots offered by queued providers. */
  idle_slots: number
  active_leases: number
  leases_opened: number
  created_at: number
  created_block: number
  updated_block: number
}

/** Reference price history: one row at creation, on each config change and at each epoch update. */
export type PriceUpdatesTable = EventColumns & {
  market_id: number
  /** `created`, `config` or `epoch`. */
  cause: string
  old_price: Money
  new_price: Money
  /** Utilization of the epoch that ended (epoch updates only). */
  utilization_bps: number | null
}

/** Providers waiting in a market's queue. */
export type QueueEntriesTable = {
  provider: string
  market_id: number
  slots: number
  reputation: number
  queued_block: number
}

export type OrdersTable = {
  id: number
  consumer: string
  market_id: number
  max_price: Money
  duration_seconds: number
  bidding_ends_at: number
  deposit: Money
  spec_hash: string
  /** `open`, `accepted` or `cancelled`. */
  state: string
  bids: number
  winner: string | null
  lease_id: number | null
  price: Money | null
  refund: Money | null
  created_at: number
  created_block: number
  closed_block: number | null
  tx_hash: string
}

export type BidsTable = EventColumns & { order_id: number; provider: string; price: Money }

export type LeasesTable = {
  id: number
  consumer: string
  provider: string
  market_id: number
  tier: number
  price: Money
  /** The deposit locked at opening. */
  deposit: Money
  /** Sum of top-ups. */
  topped_up: Money
  spec_hash: string
  /** 0 for a market take. */
  order_id: number
  /** 0 outside a cluster. */
  cluster_id: number
  /** `active` or `closed`. */
  state: string
  opened_at: number
  opened_block: number
  funded_until: number
  /** Paid to the provider (net of fees). */
  withdrawn: Money
  fees: Money
  close_reason: number | null
  closed_by: string | null
  ended_at: number | null
  refund: Money | null
  result_hash: string | null
  closed_block: number | null
  tx_hash: string
}

export type TopUpsTable = EventColumns & { lease_id: number; sender: string; amount: Money; escrowed: Money }

export type WithdrawalsTable = EventColumns & {
  lease_id: number
  provider: string
  amount: Money
  fee: Money
}

export type ClustersTable = EventColumns & {
  id: number
  consumer: string
  market_id: number
  size: number
  /** JSON array of lease ids. */
  lease_ids: string
}

export type FeeSweepsTable = EventColumns & { token: string; burned: Money; to_treasury: Money }

export type SlashesTable = EventColumns & {
  provider: string
  finder: string
  amount: Money
  finder_reward: Money
  burned: Money
  stake_left: Money
}

/** Stake movements: `register`, `add`, `unbond`, `withdraw`. */
export type StakeChangesTable = EventColumns & {
  provider: string
  kind: string
  amount: Money
  stake: Money | null
}

export type ReputationChangesTable = EventColumns & {
  provider: string
  old_reputation: number
  new_reputation: number
  success: number
}

export type TokenTransfersTable = EventColumns & {
  token: string
  sender: string
  recipient: string
  amount: Money
}

/** Parameter, role, ownership, allow-list and delegation events: the protocol's governance trail. */
export type GovernanceEventsTable = EventColumns & {
  contract: string
  address: string
  name: string
  /** The event's arguments as JSON (bigints as decimal strings). */
  args: string
}

/** Closed leases folded into hourly buckets: lease time, GPU time and revenue (gross, fees included). */
export type LeaseHourlyTable = {
  hour: number
  market_id: number
  lease_seconds: number
  gpu_seconds: number
  revenue: Money
}

/** The indexer's database. */
export type Database = {
  indexer_state: IndexerStateTable
  blocks: BlocksTable
  undo_log: UndoLogTable
  transactions: TransactionsTable
  providers: ProvidersTable
  markets: MarketsTable
  price_updates: PriceUpdatesTable
  queue_entries: QueueEntriesTable
  orders: OrdersTable
  bids: BidsTable
  leases: LeasesTable
  top_ups: TopUpsTable
  withdrawals: WithdrawalsTable
  clusters: ClustersTable
  fee_sweeps: FeeSweepsTable
  slashes: SlashesTable
  stake_changes: StakeChangesTable
  reputation_changes: ReputationChangesTable
  token_transfers: TokenTransfersTable
  governance_events: GovernanceEventsTable
  lease_hourly: LeaseHourlyTable
}

/** Tables whose rows events update in place: undone through the undo log on a reorg. */
export const entityTables = {
  providers: ['address'],
  markets: ['id'],
  queue_entries: ['provider'],
  orders: ['id'],
  leases: ['id'],
  lease_hourly: ['hour', 'market_id'],
} as const satisfies Partial<Record<keyof Database, readonly string[]>>

/** An entity table. */
export type EntityTable = keyof typeof entityTables

/** Tables events only append to: a reorg deletes their rows from the fork block on. */
export const appendTables = [
  'transactions',
  'price_updates',
  'bids',
  'top_ups',
  'withdrawals',
  'clusters',
  'fee_sweeps',
  'slashes',
  'stake_changes',
  'reputation_changes',
  'token_transfers',
  'governance_events',
] as const satisfies readonly (keyof Database)[]

/** An append-only table. */
export type AppendTable = (typeof appendTables)[number]
