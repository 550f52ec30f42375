import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidBenchmarkParameterError } from './errors.js'
import { matmulInputs } from './matmulInputs.js'
import { freivaldsTolerance, verifyProduct } from './verifyProduct.js'

/** C = A·B in float32, accumulating in float32 like the C program does. */
function multiply(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k] as number
      for (let j = 0; j < n; j++)
        c[i * n + j] = Math.fround((c[i * n + j] as number) + Math.fround(aik * (b[k * n + j] as number)))
    }
  return c
}

/** A seeded uniform [0, 1) source, so a failing case replays. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const n = 48
const products = new Map<number, { a: Float32Array; b: Float32Array; c: Float32Array }>()
function product(seed: number) {
  let cached = products.get(seed)
  if (!cached) {
    const { a, b } = matmulInputs(n, seed)
    cached = { a, b, c: multiply(a, b, n) }
    products.set(seed, cached)
  }
  return cached
}

describe('verifyProduct', () => {
  it('accepts a correct float32 product, far below the tolerance', () => {
    const { a, b, c } = product(1)
    const result = verifyProduct({ a, b, c, n })
    expect(result).toMatchObject({ ok: true, rounds: 20, tolerance: freivaldsTolerance(n) })
    expect(result.maxRelativeError).toBeLessThan(result.tolerance / 10)
  })

  it('accepts every correct product (property: any seed, any random vectors)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer(), (seed, vectors) => {
        const { a, b, c } = product(seed)
        expect(verifyProduct({ a, b, c, n, rounds: 5, random: seeded(vectors) }).ok).toBe(true)
      }),
      { numRuns: 50 },
    )
  })

  it('rejects a product with one corrupted element, in the first round, every time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: n * n - 1 }),
        fc.double({ min: 0.05, max: 100, noNaN: true }),
        fc.boolean(),
        fc.integer(),
        (seed, index, size, negative, vectors) => {
          const { a, b, c } = product(seed)
          const corrupted = c.slice()
          corrupted[index] = (corrupted[index] as number) + (negative ? -size : size)
          const result = verifyProduct({ a, b, c: corrupted, n, rounds: 20, random: seeded(vectors) })
          expect(result.ok).toBe(false)
          expect(result.rounds).toBe(1)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('rejects NaN and infinite elements', () => {
    const { a, b, c } = product(2)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const corrupted = c.slice()
      corrupted[17] = bad
      const result = verifyProduct({ a, b, c: corrupted, n })
      expect(result.ok).toBe(false)
      expect(result.maxRelativeError).toBe(Number.POSITIVE_INFINITY)
    }
  })

  it('rejects the product of another seed, and a zero matrix', () => {
    const { a, b } = product(3)
    expect(verifyProduct({ a, b, c: product(4).c, n }).ok).toBe(false)
    expect(verifyProduct({ a, b, c: new Float32Array(n * n), n }).ok).toBe(false)
  })

  it('refuses arrays of the wrong length and rounds out of range', () => {
    const { a, b, c } = product(5)
    expect(() => verifyProduct({ a, b, c: c.subarray(1), n })).toThrow(InvalidBenchmarkParameterError)
    expect(() => verifyProduct({ a, b, c: c.subarray(1), n })).toThrow(/c has 2303 elements, expected 2304/)
    expect(() => verifyProduct({ a, b, c, n, rounds: 0 })).toThrow(/rounds must be an integer/)
  })
})

describe('freivaldsTolerance', () => {
  it('is 8 γn for float32: about 8 n 2^-24', () => {
    expect(freivaldsTolerance(1024)).toBeCloseTo((8 * 1024 * 2 ** -24) / (1 - 1024 * 2 ** -24), 15)
    expect(freivaldsTolerance(2048)).toBeGreaterThan(2 * freivaldsTolerance(1024))
  })
})
