import { formatTokenAmount } from '@hearth/sdk'
import { formatUnits } from 'viem'

/** An amount in a token's whole units with its symbol, exactly, e.g. `1.5 tUSD` (refunds, deposits). */
export function formatAmount(value: bigint, token: { symbol: string; decimals: number }): string {
  return `${formatUnits(value, token.decimals)} ${token.symbol}`
}

/** A price per second as a price per hour, rounded to 6 significant digits, e.g. `0.3 HEAT/h`. */
export function formatPerHour(pricePerSecond: bigint, token: { symbol: string; decimals: number }): string {
  return `${formatTokenAmount(pricePerSecond * 3600n, token.decimals)} ${token.symbol}/h`
}

/** A number of seconds in words, e.g. `1h 30m` or `45s`. */
export function formatDuration(seconds: bigint | number): string {
  let rest = Number(seconds)
  if (rest <= 0) return '0s'
  const parts: string[] = []
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size)
    if (count > 0) parts.push(`${count}${unit}`)
    rest -= count * size
    if (parts.length === 2) break
  }
  return parts.join(' ')
}

/** JSON with bigints as decimal strings, on one line. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}
