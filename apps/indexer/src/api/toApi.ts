// Rows of the index as the API shows them: camelCase, ids as numbers, money as decimal strings.
import type { IndexedLease, IndexedMarket, IndexedOrder, IndexedProvider } from '@hearth/sdk'
import type { Selectable } from 'kysely'
import type { LeasesTable, MarketsTable, OrdersTable, ProvidersTable } from '../db/schema.js'

/** A provider row as the API shows it. */
export function providerToApi(row: Selectable<ProvidersTable>): IndexedProvider {
  return {
    address: row.address,
    status: row.status,
    gpu: { vendor: row.gpu_vendor, model: row.gpu_model, count: row.gpu_count, vramMiB: row.vram_mib },
    cpuCores: row.cpu_cores,
    ramMiB: row.ram_mib,
    diskGiB: row.disk_gib,
    bandwidthMbps: row.bandwidth_mbps,
    region: row.region,
    complianceTags: String(row.compliance_tags),
    supplySource: row.supply_source,
    benchmarkGflops: row.benchmark_gflops,
    endpoint: row.endpoint,
    stake: String(row.stake),
    unbonding: String(row.unbonding),
    unbondingReadyAt: row.unbonding_ready_at,
    reputation: row.reputation,
    slashed: String(row.slashed),
    jobsSucceeded: row.jobs_succeeded,
    jobsFailed: row.jobs_failed,
    registeredAt: row.registered_at,
    registeredBlock: row.registered_block,
  }
}

/** A lease row as the API shows it. */
export function leaseToApi(row: Selectable<LeasesTable>): IndexedLease {
  return {
    id: row.id,
    consumer: row.consumer,
    provider: row.provider,
    market: row.market_id,
    tier: row.tier,
    pricePerSecond: String(row.price),
    deposit: String(row.deposit),
    toppedUp: String(row.topped_up),
    specHash: row.spec_hash,
    order: row.order_id,
    cluster: row.cluster_id,
    state: row.state === 'active' ? 'active' : 'closed',
    openedAt: row.opened_at,
    openedBlock: row.opened_block,
    fundedUntil: row.funded_until,
    withdrawn: String(row.withdrawn),
    fees: String(row.fees),
    closeReason: row.close_reason,
    closedBy: row.closed_by,
    endedAt: row.ended_at,
    refund: row.refund === null ? null : String(row.refund),
    resultHash: row.result_hash,
    closedBlock: row.closed_block,
    txHash: row.tx_hash,
  }
}

/** A market row as the API shows it. */
export function marketToApi(row: Selectable<MarketsTable>): IndexedMarket {
  const supply = row.active_leases + row.idle_slots
  return {
    id: row.id,
    gpuModel: row.gpu_model,
    token: row.token,
    minVramMiB: row.min_vram_mib,
    gpusPerLease: row.gpus_per_lease,
    targetUtilizationBps: row.target_utilization_bps,
    referencePricePerSecond: String(row.reference_price),
    minPricePerSecond: String(row.min_price),
    maxPricePerSecond: String(row.max_price),
    paused: Number(row.paused) === 1,
    idleSlots: row.idle_slots,
    activeLeases: row.active_leases,
    leasesOpened: row.leases_opened,
    utilizationBps: supply === 0 ? 0 : Math.floor((row.active_leases * 10_000) / supply),
    createdAt: row.created_at,
  }
}

/** An order row as the API shows it. */
export function orderToApi(row: Selectable<OrdersTable>): IndexedOrder {
  return {
    id: row.id,
    consumer: row.consumer,
    market: row.market_id,
    maxPricePerSecond: String(row.max_price),
    durationSeconds: row.duration_seconds,
    biddingEndsAt: row.bidding_ends_at,
    deposit: String(row.deposit),
    specHash: row.spec_hash,
    state: row.state === 'accepted' ? 'accepted' : row.state === 'cancelled' ? 'cancelled' : 'open',
    bidCount: row.bids,
    winner: row.winner,
    lease: row.lease_id,
    pricePerSecond: row.price === null ? null : String(row.price),
    refund: row.refund === null ? null : String(row.refund),
    createdAt: row.created_at,
    createdBlock: row.created_block,
    closedBlock: row.closed_block,
    txHash: row.tx_hash,
  }
}

/** Where on chain an event row came from. */
export function chainRef(row: { block_number: number; timestamp: number; tx_hash: string }) {
  return { blockNumber: row.block_number, timestamp: row.timestamp, txHash: row.tx_hash }
}
