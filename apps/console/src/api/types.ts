// Shapes of the indexer API's answers (camelCase; ids as numbers; money as decimal strings in base units).

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
  hardware: { gpus: GpuGroup[]; cpus: CpuGroup[] }
  markets: MarketUtilization[]
  indexer: { cursor: number | null; cursorTimestamp: number | null }
}

/** A series metric of `GET /v1/stats/series`. */
export type SeriesMetric = 'revenue' | 'gpuHours' | 'burn' | 'price' | 'utilization'

/** `GET /v1/stats/series`. */
export type Series = {
  metric: SeriesMetric
  bucket: 'hour' | 'day'
  points: { t: number; key: string; value: string }[]
}

/** A page of a list. */
export type Page<T> = { items: T[]; next: string | null }

/** A registered provider. */
export type ProviderRow = {
  address: string
  status: string
  gpu: { vendor: number; model: string; count: number; vramMiB: number }
  cpuCores: number
  ramMiB: number
  diskGiB: number
  bandwidthMbps: number
  region: string
  complianceTags: string
  supplySource: number
  benchmarkGflops: number
  endpoint: string
  stake: string
  unbonding: string
  unbondingReadyAt: number
  reputation: number
  slashed: string
  jobsSucceeded: number
  jobsFailed: number
  registeredAt: number
  registeredBlock: number
}

/** A market. */
export type MarketRow = {
  id: number
  gpuModel: string
  token: string
  minVramMiB: number
  gpusPerLease: number
  targetUtilizationBps: number
  referencePricePerSecond: string
  minPricePerSecond: string
  maxPricePerSecond: string
  paused: boolean
  idleSlots: number
  activeLeases: number
  leasesOpened: number
  utilizationBps: number
  createdAt: number
}

/** A lease. */
export type LeaseRow = {
  id: number
  consumer: string
  provider: string
  market: number
  tier: number
  pricePerSecond: string
  deposit: string
  toppedUp: string
  specHash: string
  order: number
  cluster: number
  state: 'active' | 'closed'
  openedAt: number
  openedBlock: number
  fundedUntil: number
  withdrawn: string
  fees: string
  closeReason: number | null
  closedBy: string | null
  endedAt: number | null
  refund: string | null
  resultHash: string | null
  closedBlock: number | null
  txHash: string
}

type ChainRef = { blockNumber: number; timestamp: number; txHash: string }

/** `GET /v1/leases/:id`: a lease with its top-ups and withdrawals. */
export type LeaseDetail = LeaseRow & {
  topUps: ({ sender: string; amount: string; escrowed: string } & ChainRef)[]
  withdrawals: ({ provider: string; amount: string; fee: string } & ChainRef)[]
}

/** `GET /v1/providers/:address`: a provider with its queue places and newest leases. */
export type ProviderDetail = ProviderRow & {
  queue: { market: number; slots: number }[]
  recentLeases: LeaseRow[]
}
