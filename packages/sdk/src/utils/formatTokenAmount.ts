import { formatUnits } from 'viem'

/**
 * An amount of a token in whole units, for people: rounded (half up) to `significant` significant
 * digits, trailing zeros trimmed, but never to fewer digits than the whole units have. `0.3` for
 * 299999999999998800 base units of an 18-decimal token, `1234568` for 1234567.5 tokens.
 * Exact amounts belong in base units (JSON output), not here.
 * @param value Base units.
 * @param decimals The token's decimals.
 * @param significant Significant digits to keep in the fraction; default 6.
 * @returns The decimal string, without a symbol.
 */
export function formatTokenAmount(value: bigint, decimals: number, significant = 6): string {
  const negative = value < 0n
  const magnitude = negative ? -value : value
  const drop = Math.max(0, Math.min(magnitude.toString().length - significant, decimals))
  const factor = 10n ** BigInt(drop)
  const rounded = ((magnitude + factor / 2n) / factor) * factor
  return `${negative ? '-' : ''}${formatUnits(rounded, decimals)}`
}
