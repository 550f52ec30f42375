const seconds = { d: 86_400, h: 3_600, m: 60, s: 1 } as const

/**
 * The pattern a duration string matches: whole numbers with units in decreasing order, each at most
 * once (`"90s"`, `"30m"`, `"2h"`, `"1d"`, `"1h30m"`), or a bare number of seconds.
 */
export const durationPattern = /^(?:\d+|(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?)$/

/**
 * Reads a duration in whole seconds: a number of seconds, or a string like `"90s"`, `"30m"`, `"2h"`,
 * `"1d"` or `"1h30m"`.
 * @param value Seconds, or a duration string.
 * @returns The number of seconds, or `undefined` when `value` is not a duration (negative, fractional,
 *   empty, or beyond `Number.MAX_SAFE_INTEGER`).
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  }
  if (value === '' || !durationPattern.test(value)) return undefined
  if (/^\d+$/.test(value)) return parseDuration(Number(value))
  let total = 0
  for (const [, amount, unit] of value.matchAll(/(\d+)([dhms])/g)) {
    total += Number(amount) * seconds[unit as keyof typeof seconds]
  }
  return Number.isSafeInteger(total) ? total : undefined
}
