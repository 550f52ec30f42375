import { describe, expect, it } from 'vitest'
import { askPrice, floorPerSecond, marketPays, type PricedMarket } from './pricing.js'

// An RTX 4090 market paid in a 6-decimal stablecoin: $0.30 per GPU-hour reference.
const market: PricedMarket = {
  id: 1,
  referencePricePerSecond: 83n,
  minPricePerSecond: 8n,
  maxPricePerSecond: 830n,
  gpusPerLease: 1,
  decimals: 6,
}
const policy = { floorPerGpuHour: '0.18', towardReference: 0.5, markets: {} }

describe('pricing', () => {
  it('turns the floor per GPU-hour into base units per second, rounding up', () => {
    expect(floorPerSecond(policy, market)).toBe(50n) // 180 000 / 3600
    expect(floorPerSecond({ ...policy, floorPerGpuHour: '0.1' }, market)).toBe(28n) // 27.7… → 28
    expect(floorPerSecond(policy, { ...market, gpusPerLease: 4 })).toBe(200n)
    expect(floorPerSecond(policy, { ...market, gpusPerLease: 0 })).toBe(50n)
  })

  it('asks between the floor and the reference', () => {
    expect(askPrice(policy, market)).toBe(66n) // 50 + (83 − 50) / 2
    expect(askPrice({ ...policy, towardReference: 0 }, market)).toBe(50n)
    expect(askPrice({ ...policy, towardReference: 1 }, market)).toBe(83n)
  })

  it('never asks under the floor, even when the market is cheaper', () => {
    expect(askPrice({ ...policy, floorPerGpuHour: '0.5' }, market)).toBe(139n)
    expect(marketPays({ ...policy, floorPerGpuHour: '0.5' }, market)).toBe(false)
    expect(marketPays(policy, market)).toBe(true)
  })

  it('sits out a market whose maximum is under the floor, and keeps to its minimum', () => {
    expect(askPrice({ ...policy, floorPerGpuHour: '10' }, market)).toBeUndefined()
    expect(askPrice({ ...policy, floorPerGpuHour: '0', towardReference: 0 }, market)).toBe(8n)
  })

  it('uses a per-market floor over the default', () => {
    expect(askPrice({ ...policy, towardReference: 0, markets: { '1': '0.36' } }, market)).toBe(100n)
    expect(askPrice({ ...policy, towardReference: 0, markets: { '2': '0.36' } }, market)).toBe(50n)
  })
})
