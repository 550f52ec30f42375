import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import { activeSeconds, statsTime, sumByToken, type TokenAmount } from './common.js'

/** The network at a glance, as an explorer's front page shows it. */
export type NetworkStats = {
  /** Unix seconds the figures are computed at. */
  at: number
  /** What consumers' leases have accrued (price × time run, fees included), per payment token. */
  revenue: TokenAmount[]
  /** Lease time run, in seconds and hours. */
  computeSeconds: number
  computeHours: number
  /** GPU time run (lease time × GPUs per lease), in seconds and hours. */
  gpuSeconds: number
  gpuHours: number
  providers: number
  /** GPUs and CPU cores the registered providers declare. */
  gpus: number
  cpuCores: number
  /** HEAT staked by providers, base units. */
  staked: string
  /** Transactions that emitted a protocol event. */
  transactions: number
  /** Leases ever opened (jobs run), still active, finished with a result. */
  leases: number
  activeLeases: number
  jobsFinished: number
  clusters: number
  orders: number
  /** Tokens burned (transfers to the zero address), per token. */
  burned: TokenAmount[]
  /** Protocol fees sent to the treasury, per token. */
  feesToTreasury: TokenAmount[]
  slashed: string
}

const count = (column = '*') => sql<number>`cast(count(${sql.raw(column)}) as bigint)`
const total = (column: string) => sql<number>`cast(coalesce(sum(${sql.ref(column)}), 0) as bigint)`

/**
 * Totals over the whole index: revenue, compute hours, hardware, transactions, jobs, clusters,
 * burn. Integer sums run in SQL; money is summed exactly in JS (the same on SQLite and PostgreSQL).
 * @param at Unix seconds active leases are accrued to; default: the last indexed block's time.
 */
export async function getNetworkStats(
  db: Kysely<Database>,
  parameters: { at?: number } = {},
): Promise<NetworkStats> {
  const at = await statsTime(db, parameters.at)
  const markets = await db.selectFrom('markets').select(['id', 'token', 'gpus_per_lease']).execute()
  const marketById = new Map(markets.map((m) => [m.id, m]))
  const hourly = await db
    .selectFrom('lease_hourly')
    .select(['market_id', 'revenue', 'lease_seconds', 'gpu_seconds'])
    .execute()
  const active = await db
    .selectFrom('leases')
    .select(['market_id', 'price', 'opened_at', 'funded_until'])
    .where('state', '=', 'active')
    .execute()
  const revenue: { token: string; amount: bigint | string }[] = []
  let computeSeconds = 0
  let gpuSeconds = 0
  for (const row of hourly) {
    revenue.push({ token: marketById.get(row.market_id)?.token ?? '', amount: row.revenue })
    computeSeconds += row.lease_seconds
    gpuSeconds += row.gpu_seconds
  }
  for (const lease of active) {
    const market = marketById.get(lease.market_id)
    const seconds = activeSeconds(lease, at)
    revenue.push({ token: market?.token ?? '', amount: BigInt(lease.price) * BigInt(seconds) })
    computeSeconds += seconds
    gpuSeconds += seconds * (market?.gpus_per_lease ?? 0)
  }
  const providers = await db
    .selectFrom('providers')
    .select([count().as('providers'), total('gpu_count').as('gpus'), total('cpu_cores').as('cpu_cores')])
    .executeTakeFirstOrThrow()
  const stakes = await db.selectFrom('providers').select(['stake', 'slashed']).execute()
  const leases = await db
    .selectFrom('leases')
    .select([
      count().as('leases'),
      sql<number>`cast(coalesce(sum(case when state = 'active' then 1 else 0 end), 0) as bigint)`.as(
        'active',
      ),
      sql<number>`cast(coalesce(sum(case when close_reason = 3 then 1 else 0 end), 0) as bigint)`.as(
        'finished',
      ),
    ])
    .executeTakeFirstOrThrow()
  const single = async (table: 'transactions' | 'clusters' | 'orders') =>
    (await db.selectFrom(table).select(count().as('n')).executeTakeFirstOrThrow()).n
  const burns = await db
    .selectFrom('token_transfers')
    .select(['token', 'amount'])
    .where('recipient', '=', '0x0000000000000000000000000000000000000000')
    .execute()
  const sweeps = await db.selectFrom('fee_sweeps').select(['token', 'to_treasury as amount']).execute()
  return {
    at,
    revenue: sumByToken(revenue),
    computeSeconds,
    computeHours: computeSeconds / 3600,
    gpuSeconds,
    gpuHours: gpuSeconds / 3600,
    providers: providers.providers,
    gpus: providers.gpus,
    cpuCores: providers.cpu_cores,
    staked: stakes.reduce((sum, p) => sum + BigInt(p.stake), 0n).toString(),
    transactions: await single('transactions'),
    leases: leases.leases,
    activeLeases: leases.active,
    jobsFinished: leases.finished,
    clusters: await single('clusters'),
    orders: await single('orders'),
    burned: sumByToken(burns),
    feesToTreasury: sumByToken(sweeps),
    slashed: stakes.reduce((sum, p) => sum + BigInt(p.slashed), 0n).toString(),
  }
}
