import fc from 'fast-check'
import { formatUnits } from 'viem'
import { describe, expect, it } from 'vitest'
import { formatTokenAmount } from './formatTokenAmount.js'

describe('formatTokenAmount', () => {
  it('rounds a per-hour price with float-like noise to 6 significant digits', () => {
    // 83333333333333 base units per second of an 18-decimal token, × 3600.
    expect(formatTokenAmount(83_333_333_333_333n * 3600n, 18)).toBe('0.3')
    expect(formatTokenAmount(299_999_999_999_998_800n, 18)).toBe('0.3')
    expect(formatTokenAmount(123_456_789n, 6)).toBe('123.457')
    expect(formatTokenAmount(11n, 6)).toBe('0.000011')
    expect(formatTokenAmount(0n, 18)).toBe('0')
    expect(formatTokenAmount(-1_500_000n, 6)).toBe('-1.5')
  })

  it('never rounds whole units away', () => {
    expect(formatTokenAmount(1_234_567_890_000n, 6)).toBe('1234568')
    expect(formatTokenAmount(123_456_789_000_000n, 6)).toBe('123456789')
  })

  it('is within half a unit of the last kept digit of the exact amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (value, decimals) => {
          const shown = formatTokenAmount(value, decimals)
          const exact = Number(formatUnits(value, decimals))
          expect(Math.abs(Number(shown) - exact)).toBeLessThanOrEqual(Math.abs(exact) * 1e-5 + 1e-12)
          expect(shown).not.toMatch(/\.\d*0$/)
        },
      ),
    )
  })
})
