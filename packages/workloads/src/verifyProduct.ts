import { randomBytes } from 'node:crypto'
import { InvalidBenchmarkParameterError } from './errors.js'

/** Parameters of {@link verifyProduct}. */
export interface VerifyProductParameters {
  /** A, n×n, row-major. */
  a: Float32Array
  /** B, n×n, row-major. */
  b: Float32Array
  /** The claimed product C = A·B, n×n, row-major. */
  c: Float32Array
  /** The matrix order. */
  n: number
  /** How many random vectors to try, 1 to 1000. Default 20: a wrong C passes with probability at most 2^-20. */
  rounds?: number
  /** Uniform in [0, 1), picks the signs of the random vectors. Default: `node:crypto`'s random bytes. */
  random?: () => number
}

/** What {@link verifyProduct} returns. */
export interface VerifyProductReturnType {
  /** Whether every row of every round was within the tolerance. */
  ok: boolean
  /** The rounds run: all of them when ok, else up to and including the first that failed. */
  rounds: number
  /** The largest relative row error seen (Infinity for a NaN or infinite entry in C). */
  maxRelativeError: number
  /** The threshold it was held to, {@link freivaldsTolerance} of n. */
  tolerance: number
}

/** The unit roundoff of float32, 2^-24. */
const float32UnitRoundoff = 2 ** -24

/**
 * The relative row error {@link verifyProduct} accepts for an n×n float32 product: 8·γₙ, where
 * γₙ = n·u / (1 − n·u) and u = 2^-24.
 *
 * Why: any float32 dot product of length n (any order or blocking, with or without FMA) has
 * |Ĉᵢⱼ − Cᵢⱼ| ≤ γₙ·Σₖ|Aᵢₖ||Bₖⱼ| ≤ γₙ·‖Aᵢ‖₂·‖B:ⱼ‖₂ (Cauchy–Schwarz), so the errors of row i have
 * ‖eᵢ‖₂ ≤ γₙ·‖Aᵢ‖₂·‖B‖_F. The check sees Σⱼ eᵢⱼ·rⱼ with random signs rⱼ drawn after C was made;
 * by Hoeffding's inequality it exceeds s·‖eᵢ‖₂ with probability at most 2·e^(−s²/2). With s = 8
 * an honest product fails a row of a round with probability below 2.6·10^-14 even if every
 * rounding error were as large as the bound allows (in practice they are about √n times smaller).
 * The float64 arithmetic of the check adds errors near 2^-53 relative, far below this.
 *
 * @param n - The matrix order.
 * @returns The tolerance, relative to ‖Aᵢ‖₂·‖B‖_F.
 */
export function freivaldsTolerance(n: number): number {
  const nu = n * float32UnitRoundoff
  return (8 * nu) / (1 - nu)
}

function cryptoSigns(n: number): Float64Array {
  const bytes = randomBytes(Math.ceil(n / 8))
  const signs = new Float64Array(n)
  for (let j = 0; j < n; j++) signs[j] = ((bytes[j >> 3] ?? 0) >> (j & 7)) & 1 ? 1 : -1
  return signs
}

function rowTimes(matrix: Float32Array, n: number, vector: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n
    let sum = 0
    for (let j = 0; j < n; j++) sum += (matrix[row + j] as number) * (vector[j] as number)
    out[i] = sum
  }
}

/**
 * Checks a claimed float32 matrix product C = A·B with Freivalds' algorithm in O(rounds·n²): for
 * each round it draws r ∈ {−1, +1}ⁿ and compares C·r with A·(B·r), in float64. Row i fails when
 * |(C·r)ᵢ − (A·(B·r))ᵢ| > {@link freivaldsTolerance}(n)·‖Aᵢ‖₂·‖B‖_F, the error float32
 * accumulation can honestly make; a NaN or infinity in C fails.
 *
 * What it catches: when some entry Cᵢⱼ is off by d, more than twice the tolerance of its row,
 * each round fails with probability at least 1/2 (flipping rⱼ moves (C·r − A·B·r)ᵢ by 2d, so at
 * most one of each such pair of sign vectors stays within d of zero). A wrong C thus passes all
 * rounds with probability at most 2^-rounds (about 10^-6 for 20). A single corrupted entry is
 * caught in every round, since (C·r − A·B·r)ᵢ = ±d whatever the signs.
 *
 * @returns Whether C passed, the rounds run, the largest relative row error and the tolerance.
 * @throws {InvalidBenchmarkParameterError} When an array is not n² long or `rounds` is out of range.
 */
export function verifyProduct(parameters: VerifyProductParameters): VerifyProductReturnType {
  const { a, b, c, n, rounds = 20, random } = parameters
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidBenchmarkParameterError('n', `must be a positive integer, got ${n}`)
  for (const [name, matrix] of [
    ['a', a],
    ['b', b],
    ['c', c],
  ] as const) {
    if (matrix.length !== n * n) {
      throw new InvalidBenchmarkParameterError(
        name,
        `has ${matrix.length} elements, expected ${n * n} (${n}×${n})`,
      )
    }
  }
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 1000)
    throw new InvalidBenchmarkParameterError('rounds', `must be an integer from 1 to 1000, got ${rounds}`)

  const tolerance = freivaldsTolerance(n)
  let frobeniusB = 0
  for (let i = 0; i < b.length; i++) frobeniusB += (b[i] as number) ** 2
  frobeniusB = Math.sqrt(frobeniusB)
  const scale = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let k = 0; k < n; k++) sum += (a[i * n + k] as number) ** 2
    scale[i] = Math.sqrt(sum) * frobeniusB
  }

  const br = new Float64Array(n)
  const abr = new Float64Array(n)
  const cr = new Float64Array(n)
  let maxRelativeError = 0
  for (let round = 1; round <= rounds; round++) {
    let r: Float64Array
    if (random) {
      r = new Float64Array(n)
      for (let j = 0; j < n; j++) r[j] = random() < 0.5 ? -1 : 1
    } else r = cryptoSigns(n)
    rowTimes(b, n, r, br)
    rowTimes(a, n, br, abr)
    rowTimes(c, n, r, cr)
    let ok = true
    for (let i = 0; i < n; i++) {
      const difference = Math.abs((cr[i] as number) - (abr[i] as number))
      const rowScale = scale[i] as number
      // A zero row of A makes a zero row of C, exactly: any difference there is an error.
      const relative = rowScale > 0 ? difference / rowScale : difference === 0 ? 0 : Number.POSITIVE_INFINITY
      // Written so that NaN fails too.
      if (!(relative <= tolerance)) ok = false
      maxRelativeError = Number.isNaN(relative)
        ? Number.POSITIVE_INFINITY
        : Math.max(maxRelativeError, relative)
    }
    if (!ok) return { ok: false, rounds: round, maxRelativeError, tolerance }
  }
  return { ok: true, rounds, maxRelativeError, tolerance }
}
