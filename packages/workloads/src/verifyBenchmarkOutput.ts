import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BenchmarkOutputError, BenchmarkVerificationError, InvalidBenchmarkParameterError } from './errors.js'
import { checkMatmulParameters, matmulInputs } from './matmulInputs.js'
import { verifyProduct } from './verifyProduct.js'

/** Parameters of {@link verifyBenchmarkOutput}: what the job was asked to compute. */
export interface VerifyBenchmarkOutputParameters {
  /** The matrix order the job was given. */
  n: number
  /** The seed the job was given. */
  seed: number
  /** The repetitions the job was given; when set, result.json must list as many timings. */
  repetitions?: number
  /** Freivalds rounds. Default 20. */
  rounds?: number
  /** Uniform in [0, 1), for the random vectors. Default: `node:crypto`. */
  random?: () => number
}

/** What {@link verifyBenchmarkOutput} returns. */
export interface VerifyBenchmarkOutputReturnType {
  n: number
  seed: number
  /** Billions of floating-point operations per second, 2n³ over the best repetition. */
  gflops: number
  /** The time of each repetition, in seconds, as the job measured it. */
  seconds: number[]
  /** The threads the job used. */
  threads: number
  /** The largest relative row error of Freivalds' check (see `verifyProduct`). */
  maxRelativeError: number
  /** The rounds of the check. */
  rounds: number
}

async function readOutput(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new BenchmarkOutputError(`The benchmark wrote no readable ${path}.`, {
      cause: error,
      details: String(error),
    })
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Checks what a matmul job wrote to its output dir: `result.json` must describe the job it was
 * given (same n and seed, one positive timing per repetition), `c.bin` must hold exactly n² little-
 * endian float32 values, and they must be A·B for the inputs {@link matmulInputs} regenerates,
 * by Freivalds' check ({@link verifyProduct}). The throughput is recomputed from the timings.
 *
 * @param dir - The host side of the job's output dir.
 * @returns The measured figures and the check's outcome.
 * @throws {BenchmarkOutputError} When a file is missing, c.bin has the wrong size or result.json is malformed or describes another job.
 * @throws {BenchmarkVerificationError} When the product is wrong.
 * @throws {InvalidBenchmarkParameterError} When the parameters are out of range.
 */
export async function verifyBenchmarkOutput(
  dir: string,
  parameters: VerifyBenchmarkOutputParameters,
): Promise<VerifyBenchmarkOutputReturnType> {
  const { n, seed, repetitions } = parameters
  checkMatmulParameters(n, seed)
  if (repetitions !== undefined && (!Number.isSafeInteger(repetitions) || repetitions < 1))
    throw new InvalidBenchmarkParameterError('repetitions', `must be a positive integer, got ${repetitions}`)

  const resultPath = join(dir, 'result.json')
  let result: unknown
  try {
    result = JSON.parse((await readOutput(resultPath)).toString('utf8'))
  } catch (error) {
    if (error instanceof BenchmarkOutputError) throw error
    throw new BenchmarkOutputError(`${resultPath} is not JSON.`, { cause: error, details: String(error) })
  }
  if (!isRecord(result)) throw new BenchmarkOutputError(`${resultPath} is not a JSON object.`)
  if (result.n !== n || result.seed !== seed) {
    throw new BenchmarkOutputError(
      `${resultPath} describes another job (n ${String(result.n)}, seed ${String(result.seed)}; expected n ${n}, seed ${seed}).`,
    )
  }
  const seconds = result.seconds
  if (
    !Array.isArray(seconds) ||
    seconds.length === 0 ||
    !seconds.every(
      (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
    )
  ) {
    throw new BenchmarkOutputError(`${resultPath} has no list of positive timings in "seconds".`)
  }
  if (repetitions !== undefined && seconds.length !== repetitions) {
    throw new BenchmarkOutputError(
      `${resultPath} lists ${seconds.length} timings for ${repetitions} repetitions.`,
    )
  }
  const threads = result.threads
  if (typeof threads !== 'number' || !Number.isSafeInteger(threads) || threads < 1)
    throw new BenchmarkOutputError(`${resultPath} has no positive integer "threads".`)

  const cPath = join(dir, 'c.bin')
  const bytes = await readOutput(cPath)
  const expectedBytes = 4 * n * n
  if (bytes.length !== expectedBytes) {
    throw new BenchmarkOutputError(
      `${cPath} is ${bytes.length} bytes; expected ${expectedBytes} (${n}×${n} float32).`,
      { details: bytes.length < expectedBytes ? 'It is truncated.' : 'It is too long.' },
    )
  }
  // A copy, so the floats are aligned whatever the buffer's offset; the hosts are little-endian.
  const c = new Float32Array(new Uint8Array(bytes).buffer)
  const { a, b } = matmulInputs(n, seed)
  const verification = verifyProduct({
    a,
    b,
    c,
    n,
    ...(parameters.rounds !== undefined ? { rounds: parameters.rounds } : {}),
    ...(parameters.random !== undefined ? { random: parameters.random } : {}),
  })
  if (!verification.ok) {
    throw new BenchmarkVerificationError(`The benchmark's product is wrong (n ${n}, seed ${seed}).`, {
      details: `Freivalds' check failed in round ${verification.rounds}: relative row error ${verification.maxRelativeError} > tolerance ${verification.tolerance}.`,
      maxRelativeError: verification.maxRelativeError,
    })
  }
  const best = Math.min(...seconds)
  return {
    n,
    seed,
    gflops: (2 * n ** 3) / best / 1e9,
    seconds,
    threads,
    maxRelativeError: verification.maxRelativeError,
    rounds: verification.rounds,
  }
}
