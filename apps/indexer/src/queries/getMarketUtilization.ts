import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** A market's state and how busy it is. */
export type MarketUtilization = {
  market: number
  gpuModel: string
  token: string
  gpusPerLease: number
  referencePricePerSecond: string
  paused: boolean
  activeLeases: number
  /** Slots queued providers offer now. */
  idleSlots: number
  /** Active leases over active leases plus idle slots, in basis points (0 with neither). */
  utilizationBps: number
  /** The utilization the contract measured for the last epoch that moved the price, if any. */
  lastEpochUtilizationBps: number | null
}

/** Every market with its live utilization, by id. */
export async function getMarketUtilization(db: Kysely<Database>): Promise<MarketUtilization[]> {
  const markets = await db.selectFrom('markets').selectAll().orderBy('id').execute()
  const epochs = await db
    .selectFrom('price_updates')
    .select(['market_id', 'utilization_bps'])
    .where('cause', '=', 'epoch')
    .orderBy('block_number')
    .orderBy('log_index')
    .execute()
  const lastEpoch = new Map(epochs.map((e) => [e.market_id, e.utilization_bps]))
  return markets.map((m) => {
    const supply = m.active_leases + m.idle_slots
    return {
      market: m.id,
      gpuModel: m.gpu_model,
      token: m.token,
      gpusPerLease: m.gpus_per_lease,
      referencePricePerSecond: m.reference_price,
      paused: m.paused === 1,
      activeLeases: m.active_leases,
      idleSlots: m.idle_slots,
      utilizationBps: supply === 0 ? 0 : Math.floor((m.active_leases * 10_000) / supply),
      lastEpochUtilizationBps: lastEpoch.get(m.id) ?? null,
    }
  })
}
