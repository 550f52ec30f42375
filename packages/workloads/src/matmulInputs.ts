import { InvalidBenchmarkParameterError } from './errors.js'

/** The largest matrix order the benchmark accepts (the C program's limit too). */
export const maxMatmulOrder = 32768

/** What {@link matmulInputs} returns. */
export interface MatmulInputs {
  /** A, n×n, row-major. */
  a: Float32Array
  /** B, n×n, row-major. */
  b: Float32Array
}

/** Throws unless `n` is a matrix order the benchmark accepts and `seed` a 32-bit unsigned integer. */
export function checkMatmulParameters(n: number, seed: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > maxMatmulOrder)
    throw new InvalidBenchmarkParameterError('n', `must be an integer from 1 to ${maxMatmulOrder}, got ${n}`)
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new InvalidBenchmarkParameterError('seed', `must be an integer from 0 to 2^32 - 1, got ${seed}`)
}

/**
 * Regenerates the benchmark's inputs bit for bit as `matmul/matmul.c` makes them: splitmix32 (a
 * Weyl sequence, step 0x9e3779b9, through murmur3's 32-bit finalizer) seeded with `seed`; A takes
 * the first n² draws and B the next n², row-major. Each draw keeps its top 24 bits `u` and becomes
 * `(u - 2^23) / 2^23`, a float32 in [-1, 1) that needs no rounding, so both sides agree exactly.
 *
 * @param n - The matrix order, 1 to {@link maxMatmulOrder}.
 * @param seed - The seed, a 32-bit unsigned integer.
 * @returns A and B.
 * @throws {InvalidBenchmarkParameterError} When `n` or `seed` is out of range.
 */
export function matmulInputs(n: number, seed: number): MatmulInputs {
  checkMatmulParameters(n, seed)
  const count = n * n
  const values = new Float32Array(2 * count)
  let state = seed >>> 0
  for (let i = 0; i < values.length; i++) {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    z = (z ^ (z >>> 16)) >>> 0
    values[i] = ((z >>> 8) - 0x800000) / 0x800000
  }
  return { a: values.subarray(0, count), b: values.subarray(count) }
}
