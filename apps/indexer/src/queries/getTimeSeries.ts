import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { activeSeconds, type Bucket, bucketSeconds, statsTime } from './common.js'

/**
 * What a series measures, per bucket:
 * - `revenue`: lease accrual (price × time run), per payment token (key: token address);
 * - `gpuHours`: GPU time run in hours (3 decimals), per market (key: market id);
 * - `burn`: tokens burned, per token;
 * - `price`: the market's reference price per second at the end of the bucket, per market;
 * - `utilization`: mean utilization (bps) of the epochs that ended in the bucket, per market.
 */
export type TimeSeriesMetric = 'revenue' | 'gpuHours' | 'burn' | 'price' | 'utilization'

/** One point: bucket start (unix seconds), series key, value as a decimal string. */
export type TimeSeriesPoint = { t: number; key: string; value: string }

/** Options of {@link getTimeSeries}. */
export type GetTimeSeriesParameters = {
  metric: TimeSeriesMetric
  bucket: Bucket
  /** First and last unix second to include; default: everything. */
  from?: number
  to?: number
  /** Unix seconds active leases are accrued to; default: the last indexed block's time. */
  at?: number
}

/** Points sorted by time, then key; buckets without data are left out. */
export async function getTimeSeries(
  db: Kysely<Database>,
  parameters: GetTimeSeriesParameters,
): Promise<TimeSeriesPoint[]> {
  const { metric } = parameters
  const size = bucketSeconds[parameters.bucket]
  const from = parameters.from ?? 0
  const to = parameters.to ?? Number.MAX_SAFE_INTEGER
  const bucketOf = (t: number) => t - (t % size)
  const sums = new Map<string, { t: number; key: string; value: bigint }>()
  const add = (t: number, key: string, value: bigint) => {
    if (t < from || t > to) return
    const id = `${bucketOf(t)}\0${key}`
    const point = sums.get(id)
    if (point) point.value += value
    else sums.set(id, { t: bucketOf(t), key, value })
  }

  if (metric === 'revenue' || metric === 'gpuHours') {
    const markets = new Map(
      (await db.selectFrom('markets').select(['id', 'token', 'gpus_per_lease']).execute()).map((m) => [
        m.id,
        m,
      ]),
    )
    const keyOf = (market: number) =>
      metric === 'revenue' ? (markets.get(market)?.token ?? '') : String(market)
    const hourly = await db
      .selectFrom('lease_hourly')
      .selectAll()
      .where('hour', '>=', bucketOf(from))
      .where('hour', '<=', to)
      .execute()
    for (const row of hourly) {
      add(
        row.hour,
        keyOf(row.market_id),
        metric === 'revenue' ? BigInt(row.revenue) : BigInt(row.gpu_seconds),
      )
    }
    const at = await statsTime(db, parameters.at)
    const active = await db.selectFrom('leases').selectAll().where('state', '=', 'active').execute()
    for (const lease of active) {
      const end = lease.opened_at + activeSeconds(lease, at)
      const price = BigInt(lease.price)
      const gpus = BigInt(markets.get(lease.market_id)?.gpus_per_lease ?? 0)
      for (let t = lease.opened_at; t < end; ) {
        const seconds = Math.min(end, t - (t % 3600) + 3600) - t
        add(t, keyOf(lease.market_id), BigInt(seconds) * (metric === 'revenue' ? price : gpus))
        t += seconds
      }
    }
  } else if (metric === 'burn') {
    const burns = await db
      .selectFrom('token_transfers')
      .select(['timestamp', 'token', 'amount'])
      .where('recipient', '=', '0x0000000000000000000000000000000000000000')
      .where('timestamp', '>=', from)
      .where('timestamp', '<=', to)
      .execute()
    for (const burn of burns) add(burn.timestamp, burn.token, BigInt(burn.amount))
  } else {
    const updates = await db
      .selectFrom('price_updates')
      .selectAll()
      .where('timestamp', '>=', from)
      .where('timestamp', '<=', to)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute()
    if (metric === 'price') {
      const last = new Map<string, { t: number; key: string; value: bigint }>()
      for (const u of updates) {
        const key = String(u.market_id)
        last.set(`${bucketOf(u.timestamp)}\0${key}`, {
          t: bucketOf(u.timestamp),
          key,
          value: BigInt(u.new_price),
        })
      }
      return sorted([...last.values()])
    }
    const counts = new Map<string, number>()
    for (const u of updates) {
      if (u.utilization_bps === null) continue
      add(u.timestamp, String(u.market_id), BigInt(u.utilization_bps))
      const id = `${bucketOf(u.timestamp)}\0${u.market_id}`
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
    for (const [id, point] of sums) point.value /= BigInt(counts.get(id) ?? 1)
  }
  if (metric === 'gpuHours') {
    return sorted([...sums.values()]).map((p) => ({ ...p, value: (Number(p.value) / 3600).toFixed(3) }))
  }
  return sorted([...sums.values()])
}

function sorted(points: { t: number; key: string; value: bigint }[]): TimeSeriesPoint[] {
  return points
    .sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => ({ t: p.t, key: p.key, value: p.value.toString() }))
}
