// Shapes of the indexer API's answers (apps/indexer's query layer rows; money as decimal strings).

/** An amount of one token in base units. */
export type TokenAmount = { token: string; amount: string }

/** GPUs of one model in one region. */
export type GpuGroup = { model: string; region: string; gpus: number; providers: number }

/** CPU cores in one region. */
export type CpuGroup = { region: string; cpuCores: number; providers: number }

/** A market's state and how busy it is. */
export type MarketUtilization = {
  market: number
  gpuModel: string
  token: string
  gpusPerLease: number
  referencePricePerSecond: string
  paused: boolean
  activeLeases: number
  idleSlots: number
  utilizationBps: number
  lastEpochUtilizationBps: number | null
}

/** `GET /v1/stats`. */
export type Stats = {
  at: number
  revenue: TokenAmount[]
  computeSeconds: number
  computeHours: number
  gpuSeconds: number
  gpuHours: number
  providers: number
  gpus: number
  cpuCores: number
  staked: string
  transactions: number
  leases: number
  activeLeases: number
  jobsFinished: number
  clusters: number
  orders: number
  burned: TokenAmount[]
  feesToTreasury: TokenAmount[]
  slashed: string
  hardware?: { gpus: GpuGroup[]; cpus: CpuGroup[] }
  inventory?: { gpus: GpuGroup[]; cpus: CpuGroup[] }
  markets?: MarketUtilization[]
  utilization?: MarketUtilization[]
}

/** A series metric of `GET /v1/stats/series`. */
export type SeriesMetric = 'revenue' | 'gpuHours' | 'burn' | 'price' | 'utilization'

/** `GET /v1/stats/series`. */
export type Series = {
  metric: SeriesMetric
  bucket: 'hour' | 'day'
  points: { t: number; key?: string; value: string }[]
}

/** A page of a list. */
export type Page<T> = { items: T[]; next: string | null }

/** A registered provider. */
export type ProviderRow = {
  address: string
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
  compliance_tags: string
  supply_source: number
  benchmark_gflops: number
  endpoint: string
  stake: string
  unbonding: string
  unbonding_ready_at: number
  reputation: number
  slashed: string
  jobs_succeeded: number
  jobs_failed: number
  registered_at: number
  registered_block: number
  updated_block: number
}

/** A market. */
export type MarketRow = {
  id: number
  gpu_model: string
  token: string
  min_vram_mib: number
  gpus_per_lease: number
  target_utilization_bps: number
  reference_price: string
  min_price: string
  max_price: string
  paused: number | boolean
  idle_slots: number
  active_leases: number
  leases_opened: number
  created_at: number
}

/** A lease. */
export type LeaseRow = {
  id: number
  consumer: string
  provider: string
  market_id: number
  tier: number
  price: string
  deposit: string
  topped_up: string
  spec_hash: string
  order_id: number
  cluster_id: number
  state: string
  opened_at: number
  opened_block: number
  funded_until: number
  withdrawn: string
  fees: string
  close_reason: number | null
  closed_by: string | null
  ended_at: number | null
  refund: string | null
  result_hash: string | null
  closed_block: number | null
  tx_hash: string
}

/** A lease with its top-ups and withdrawals. */
export type LeaseDetail = LeaseRow & {
  topUps?: { amount: string; sender: string; timestamp: number; tx_hash: string }[]
  withdrawals?: { amount: string; fee: string; timestamp: number; tx_hash: string }[]
}

/** One provider with what the API adds (its leases, earnings), where it does. */
export type ProviderDetail = ProviderRow & { leases?: LeaseRow[] }
