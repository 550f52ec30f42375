import { describe, expect, it } from 'vitest'
import { gpuModelMatches } from './gpuModelMatches.js'

describe('gpuModelMatches', () => {
  it('takes a sized family without its size as any size of it', () => {
    expect(gpuModelMatches('h100', 'h100-80gb')).toBe(true)
    expect(gpuModelMatches('h100', 'h100-94gb')).toBe(true)
    expect(gpuModelMatches('a100', 'a100-40gb')).toBe(true)
    expect(gpuModelMatches('h100', 'h100')).toBe(true)
  })

  it('otherwise wants the same name', () => {
    expect(gpuModelMatches('h100-80gb', 'h100-94gb')).toBe(false)
    expect(gpuModelMatches('h100', 'h200')).toBe(false)
    expect(gpuModelMatches('h100', 'h100-nvl')).toBe(false)
    expect(gpuModelMatches('rtx-4090', 'rtx-4090-laptop')).toBe(false)
    expect(gpuModelMatches('rtx-4090', 'rtx-4090')).toBe(true)
  })
})
