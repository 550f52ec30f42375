const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: 2 ** 20,
  mib: 2 ** 20,
  gi: 2 ** 30,
  gib: 2 ** 30,
  ti: 2 ** 40,
  tib: 2 ** 40,
  pi: 2 ** 50,
  pib: 2 ** 50,
}

/**
 * The pattern a quantity string matches: a decimal number and an optional unit, binary (`Ki`, `Mi`,
 * `Gi`, `Ti`, `Pi`, optionally followed by `B`) or decimal (`K`, `M`, `G`, `T`, `P`, optionally
 * followed by `B`), case-insensitive. A bare number or `B` is bytes.
 */
export const quantityPattern = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpP][iI]?[bB]?|[bB])?\s*$/

/**
 * Reads a size in bytes: a number of bytes, or a string like `"512Mi"`, `"2GiB"`, `"80GB"` or
 * `"1.5G"` (binary units are powers of 1024, decimal ones powers of 1000). Fractions of a byte are
 * rounded down.
 * @param value A number of bytes or a quantity string.
 * @returns The number of bytes, or `undefined` when `value` is not a quantity or exceeds
 *   `Number.MAX_SAFE_INTEGER` bytes.
 */
export function parseQuantity(value: number | string): number | undefined {
  let bytes: number
  if (typeof value === 'number') {
    bytes = value
  } else {
    const match = quantityPattern.exec(value)
    if (!match) return undefined
    const unit = units[(match[2] ?? '').toLowerCase()]
    if (unit === undefined) return undefined
    bytes = Number(match[1]) * unit
  }
  if (!Number.isFinite(bytes) || bytes < 0) return undefined
  bytes = Math.floor(bytes)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
