/**
 * Formats an integer with a space between groups of three digits, e.g. `24 564`.
 * @param value The number (rounded down to an integer).
 * @returns The grouped digits.
 */
export function formatNumber(value: number): string {
  const sign = value < 0 ? '-' : ''
  const digits = String(Math.floor(Math.abs(value)))
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
}
