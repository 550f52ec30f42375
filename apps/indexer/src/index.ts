// Entry point of @hearth/indexer: the follower, the database and the query layer an API sits on.

export { type CreateIndexerApiParameters, createIndexerApi, type IndexerApi } from './api/createIndexerApi.js'
export {
  type ServedIndexerApi,
  type ServeIndexerApiParameters,
  serveIndexerApi,
} from './api/serveIndexerApi.js'
export { applyBatch, type Batch, type BlockRef } from './apply/applyBatch.js'
export { type RevertToReturnType, revertTo } from './apply/revertTo.js'
export {
  type ContractKind,
  createLogDecoder,
  type IndexedEvent,
  type LogDecoder,
  type RawLog,
} from './chain/decodeLogs.js'
export {
  type Dialect,
  type IndexerDatabase,
  type OpenDatabaseParameters,
  openDatabase,
} from './db/IndexerDatabase.js'
export type { Database } from './db/schema.js'
export { type IndexerState, readState } from './db/state.js'
export * from './errors.js'
export {
  type AppliedBatch,
  Indexer,
  type IndexerLogger,
  type IndexerOptions,
  type PollResult,
} from './Indexer.js'
export type { Bucket, TokenAmount } from './queries/common.js'
export {
  type CpuGroup,
  type GpuGroup,
  getHardwareInventory,
  type HardwareInventory,
} from './queries/getHardwareInventory.js'
export { getLease, type LeaseDetail } from './queries/getLease.js'
export { getMarket, type MarketDetail } from './queries/getMarket.js'
export { getMarketUtilization, type MarketUtilization } from './queries/getMarketUtilization.js'
export { getNetworkStats, type NetworkStats } from './queries/getNetworkStats.js'
export { getOrder, type OrderDetail } from './queries/getOrder.js'
export { getProvider, type ProviderDetail } from './queries/getProvider.js'
export {
  type GetTimeSeriesParameters,
  getTimeSeries,
  type TimeSeriesMetric,
  type TimeSeriesPoint,
} from './queries/getTimeSeries.js'
export { type ListLeasesParameters, listLeases } from './queries/listLeases.js'
export { listMarkets } from './queries/listMarkets.js'
export { type ListOrdersParameters, listOrders } from './queries/listOrders.js'
export { type ListProvidersParameters, listProviders } from './queries/listProviders.js'
