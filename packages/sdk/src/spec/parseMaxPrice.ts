import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { JobSpec } from './jobSpecSchema.js'

/**
 * The most a job pays per second, in base units of the payment token: `maxPrice.perHour` (a decimal
 * in whole token units) × 10^`decimals` / 3600, rounded down, computed exactly.
 *
 * @example
 * parseMaxPrice({ maxPrice: { perHour: '1.25' } }, 6) // 347n (1.25 tUSD/h = 347.2… base units/s)
 *
 * @param spec The spec (only `maxPrice` is read).
 * @param decimals The payment token's decimals (e.g. 6 for tUSD, 18 for HEAT).
 * @returns Base units per second, or `undefined` when the spec sets no `maxPrice`.
 * @throws {InvalidParameterError} when `decimals` is not a whole number from 0 to 77, or `perHour`
 *   is not a decimal string.
 */
export function parseMaxPrice(spec: Pick<JobSpec, 'maxPrice'>, decimals: number): bigint | undefined {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77) {
    throw new InvalidParameterError('decimals', 'must be a whole number from 0 to 77')
  }
  if (spec.maxPrice === undefined) return undefined
  const match = /^(\d+)(?:\.(\d+))?$/.exec(spec.maxPrice.perHour)
  if (!match) throw new InvalidParameterError('maxPrice.perHour', 'must be a decimal string, e.g. "1.25"')
  const fraction = match[2] ?? ''
  const digits = BigInt(`${match[1]}${fraction}`)
  return (digits * 10n ** BigInt(decimals)) / (10n ** BigInt(fraction.length) * 3600n)
}
