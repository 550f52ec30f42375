import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { readState } from '../db/state.js'

/** An amount of one token, in base units as a decimal string. */
export type TokenAmount = { token: string; amount: string }

/** The time stats are computed at: `at` when given, else the timestamp of the last indexed block. */
export async function statsTime(db: Kysely<Database>, at: number | undefined): Promise<number> {
  if (at !== undefined) return at
  return (await readState(db)).cursorTimestamp ?? 0
}

/** Sums `amount` per token, exactly, sorted by token. */
export function sumByToken(rows: Iterable<{ token: string; amount: bigint | string }>): TokenAmount[] {
  const totals = new Map<string, bigint>()
  for (const row of rows) totals.set(row.token, (totals.get(row.token) ?? 0n) + BigInt(row.amount))
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([token, amount]) => ({ token, amount: amount.toString() }))
}

/** The seconds an active lease has run by `at` (it stops accruing when its funding runs out). */
export function activeSeconds(lease: { opened_at: number; funded_until: number }, at: number): number {
  return Math.max(0, Math.min(at, lease.funded_until) - lease.opened_at)
}

/** Bucket sizes of the time series. */
export const bucketSeconds = { hour: 3600, day: 86_400 } as const

/** A time series bucket size. */
export type Bucket = keyof typeof bucketSeconds
