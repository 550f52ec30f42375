import { describe, expect, it } from 'vitest'
import { InvalidBenchmarkParameterError } from './errors.js'
import { matmulInputs } from './matmulInputs.js'

describe('matmulInputs', () => {
  it('draws the values splitmix32 gives (checked against an independent implementation)', () => {
    const { a, b } = matmulInputs(2, 0)
    expect([...a]).toEqual([0.1467951536178589, -0.524692177772522, -0.7884372472763062, -0.406002402305603])
    expect([...b]).toEqual([
      -0.43379199504852295, 0.7129073143005371, -0.05675947666168213, 0.6889784336090088,
    ])
    expect(matmulInputs(1, 0xffffffff)).toEqual({
      a: new Float32Array([-0.5713285207748413]),
      b: new Float32Array([0.9702063798904419]),
    })
  })

  it('gives values in [-1, 1) on the 2^-23 grid, the same for the same seed and different for another', () => {
    const { a, b } = matmulInputs(64, 7)
    for (const value of [...a, ...b]) {
      expect(value).toBeGreaterThanOrEqual(-1)
      expect(value).toBeLessThan(1)
      expect(Number.isInteger(value * 2 ** 23)).toBe(true)
    }
    expect(matmulInputs(64, 7)).toEqual({ a, b })
    expect(matmulInputs(64, 8).a).not.toEqual(a)
  })

  it('refuses an order or seed out of range', () => {
    expect(() => matmulInputs(0, 1)).toThrow(InvalidBenchmarkParameterError)
    expect(() => matmulInputs(1.5, 1)).toThrow(/n must be an integer/)
    expect(() => matmulInputs(4, -1)).toThrow(/seed must be an integer from 0 to 2\^32 - 1/)
    expect(() => matmulInputs(4, 2 ** 32)).toThrow(InvalidBenchmarkParameterError)
  })
})
