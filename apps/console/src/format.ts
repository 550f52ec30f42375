// Display helpers: money stays bigint until it becomes text.

/** Token metadata for amounts. */
export type TokenMeta = { address: string; symbol: string; decimals: number }

/**
 * An amount in base units as whole units with at most `digits` decimals, grouped by thousands.
 * @param value Base units (a bigint or a decimal string).
 */
export function formatAmount(value: bigint | string, decimals: number, digits = 4): string {
  const amount = typeof value === 'bigint' ? value : BigInt(value || '0')
  const negative = amount < 0n
  const abs = negative ? -amount : amount
  const scale = 10n ** BigInt(decimals)
  const whole = abs / scale
  let fraction = (abs % scale).toString().padStart(decimals, '0').slice(0, digits).replace(/0+$/, '')
  if (fraction === '' && abs !== 0n && whole === 0n) {
    fraction = '0'.repeat(Math.max(0, digits - 1))
    return `${negative ? '−' : ''}<0.${fraction}1`
  }
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`
}

/** An amount with its symbol, e.g. `12.5 tUSD`. */
export function formatToken(value: bigint | string, token: TokenMeta | undefined, digits = 4): string {
  if (!token) return `${value} units`
  return `${formatAmount(value, token.decimals, digits)} ${token.symbol}`
}

/** A per-second price as a per-hour figure, e.g. `1.8 tUSD/h`. */
export function formatPerHour(pricePerSecond: bigint | string, token: TokenMeta | undefined): string {
  const perHour = BigInt(pricePerSecond || '0') * 3600n
  return `${formatToken(perHour, token)}/h`
}

/** `0x1234…abcd`. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}

/** A whole number with thousands separators; fractional numbers to `digits` places. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** Seconds as `1 d 2 h`, `3 h 5 m`, `42 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60 ? `${s % 60} s` : ''}`.trim()
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`
}

/** Unix seconds as local date and time. */
export function formatTime(unixSeconds: number): string {
  if (!unixSeconds) return '—'
  return new Date(unixSeconds * 1000).toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** Time since a unix second, e.g. `5 m ago`. */
export function formatAgo(unixSeconds: number, nowSeconds: number): string {
  return `${formatDuration(nowSeconds - unixSeconds)} ago`
}

/** Basis points as a percentage, e.g. `72.5 %`. */
export function formatBps(bps: number): string {
  return `${formatNumber(bps / 100, 1)} %`
}

/** Bytes as `12.3 MiB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`
}

/**
 * Reputation in the registry's own points (+1000 per job done, ×2/3 per failure), as the CLI and a
 * spec's `placement.minReputation` use them, e.g. `3,000`.
 */
export function formatReputation(points: number): string {
  return formatNumber(points, 0)
}
