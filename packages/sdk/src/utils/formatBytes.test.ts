import { describe, expect, it } from 'vitest'
import { formatBytes } from './formatBytes.js'

describe('formatBytes', () => {
  it('writes sizes in the unit a person would', () => {
    expect(formatBytes(80e9)).toBe('80 GB')
    expect(formatBytes(24 * 2 ** 30)).toBe('24 GiB')
    expect(formatBytes(24_564 * 2 ** 20)).toBe('24 GiB')
    expect(formatBytes(81_559 * 2 ** 20)).toBe('79.6 GiB')
    expect(formatBytes(2 * 2 ** 40)).toBe('2 TiB')
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB')
    expect(formatBytes(2_000_000)).toBe('2 MB')
    expect(formatBytes(1_500_000)).toBe('1.4 MiB')
    expect(formatBytes(1000)).toBe('1000 B')
  })
})
