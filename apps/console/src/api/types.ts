// Shapes of the indexer API's answers: the SDK's, generated from the zod schemas the API validates
// with (camelCase; ids as numbers; money as decimal strings in base units).
import type {
  IndexedLease,
  IndexedLeaseDetail,
  IndexedMarket,
  IndexedProvider,
  IndexedProviderDetail,
  IndexerPage,
  IndexerSeries,
  IndexerStats,
} from '@hearth/sdk'

/** `GET /v1/stats`. */
export type Stats = IndexerStats

/** An amount of one token in base units. */
export type TokenAmount = Stats['revenue'][number]

/** GPUs of one model in one region. */
export type GpuGroup = Stats['hardware']['gpus'][number]

/** CPU cores in one region. */
export type CpuGroup = Stats['hardware']['cpus'][number]

/** A market's state and how busy it is. */
export type MarketUtilization = Stats['markets'][number]

/** `GET /v1/stats/series`. */
export type Series = IndexerSeries

/** A series metric of `GET /v1/stats/series`. */
export type SeriesMetric = Series['metric']

/** A page of a list. */
export type Page<T> = IndexerPage<T>

/** A row of `GET /v1/providers`. */
export type ProviderRow = IndexedProvider

/** A row of `GET /v1/markets`. */
export type MarketRow = IndexedMarket

/** A row of `GET /v1/leases`. */
export type LeaseRow = IndexedLease

/** `GET /v1/leases/:id`. */
export type LeaseDetail = IndexedLeaseDetail

/** `GET /v1/providers/:address`. */
export type ProviderDetail = IndexedProviderDetail
