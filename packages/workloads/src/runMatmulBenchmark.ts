import { randomInt, randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { createSilentLogger, hashResults, type Logger, runJob, type SandboxResources } from '@hearth/runtime'
import type Docker from 'dockerode'
import { ensureMatmulImage, matmulBinaryPath } from './ensureMatmulImage.js'
import { BenchmarkFailedError, BenchmarkVerificationError, InvalidBenchmarkParameterError } from './errors.js'
import { checkMatmulParameters } from './matmulInputs.js'
import { verifyBenchmarkOutput } from './verifyBenchmarkOutput.js'

/** Parameters of {@link runMatmulBenchmark}. */
export interface RunMatmulBenchmarkParameters {
  /** The matrix order. Default 1024. */
  n?: number
  /** The seed of the inputs, a 32-bit unsigned integer. Default: a fresh random one, so no result can be precomputed. */
  seed?: number
  /** Times the product is computed; the best counts. Default 3. */
  repetitions?: number
  /** CPUs for the job (and its threads, rounded up). Default: every CPU of this machine. */
  cpu?: number
  /** The job's memory limit. Default: room for the three matrices plus 128 MiB, at least 256 MiB. */
  memoryBytes?: number
  /** GPUs to give the job's sandbox (the workload itself computes on CPUs). Default none. */
  gpus?: SandboxResources['gpus']
  /** The folder the job's folder (`matmul-<id>/`: log, output, exit) is made in. The caller owns it. */
  dataDir: string
  /** Kill the job after this long. Default 10 minutes. */
  timeoutMs?: number
  /** Freivalds rounds. Default 20. */
  rounds?: number
  logger?: Logger
}

/** What {@link runMatmulBenchmark} returns. */
export interface RunMatmulBenchmarkReturnType {
  /** Billions of floating-point operations per second (2n³ over the best repetition): the figure to register. */
  gflops: number
  /** The time of each repetition, in seconds. */
  seconds: number[]
  /** Always true: a wrong product throws instead. */
  verified: true
  /** The root hash of the job's output ({@link hashResults}). */
  resultHash: string
  n: number
  seed: number
  /** The threads the job used. */
  threads: number
  /** The largest relative row error of Freivalds' check. */
  maxRelativeError: number
  /** The whole run: image check, job, verification and hashing, in milliseconds. */
  durationMs: number
  /** The image it ran. */
  image: string
  /** The job's id, and its folder. */
  jobId: string
  jobDir: string
}

function defaultMemoryBytes(n: number): number {
  return Math.max(256 * 1024 * 1024, 3 * 4 * n * n + 128 * 1024 * 1024)
}

/**
 * Runs the matrix-multiply benchmark as an ordinary sandboxed job (no network, read-only root,
 * non-root, limits: {@link runJob}'s defaults) in the image of {@link ensureMatmulImage}, then
 * checks its output with {@link verifyBenchmarkOutput} (Freivalds' algorithm on inputs
 * regenerated here) and hashes it. The throughput is what the provider agent registers.
 *
 * @param docker - The engine.
 * @returns The measured throughput, the timings and the result hash.
 * @throws {BenchmarkFailedError} When the job exits non-zero, runs out of memory, times out or is killed.
 * @throws {BenchmarkVerificationError} When its product is wrong, or it reports more time than it ran.
 * @throws {BenchmarkOutputError} When its output is missing or malformed.
 * @throws {InvalidBenchmarkParameterError} When a parameter is out of range.
 * @throws The runtime's errors when the image cannot be built or the sandbox not created.
 */
export async function runMatmulBenchmark(
  docker: Docker,
  parameters: RunMatmulBenchmarkParameters,
): Promise<RunMatmulBenchmarkReturnType> {
  const started = performance.now()
  const { n = 1024, repetitions = 3, logger = createSilentLogger() } = parameters
  const seed = parameters.seed ?? randomInt(0, 2 ** 32)
  checkMatmulParameters(n, seed)
  if (!Number.isSafeInteger(repetitions) || repetitions < 1 || repetitions > 1000)
    throw new InvalidBenchmarkParameterError(
      'repetitions',
      `must be an integer from 1 to 1000, got ${repetitions}`,
    )
  const cpu = parameters.cpu ?? availableParallelism()
  const threads = Math.max(1, Math.ceil(cpu))

  const image = await ensureMatmulImage(docker, { logger })
  const jobId = `matmul-${randomUUID()}`
  const jobDir = join(parameters.dataDir, jobId)
  logger.info({ jobId, n, seed, repetitions, cpu, image: image.tag }, 'running the matmul benchmark')
  const job = await runJob(
    docker,
    {
      image: image.tag,
      entrypoint: [matmulBinaryPath],
      command: [String(n), String(seed), String(repetitions)],
      env: { THREADS: String(threads) },
      resources: {
        cpu,
        memoryBytes: parameters.memoryBytes ?? defaultMemoryBytes(n),
        ...(parameters.gpus !== undefined ? { gpus: parameters.gpus } : {}),
      },
      timeoutMs: parameters.timeoutMs ?? 600_000,
    },
    { dir: jobDir, id: jobId, logger, labels: { 'hearth.workload': 'matmul' } },
  )
  let exit: Awaited<ReturnType<typeof job.wait>>
  try {
    exit = await job.wait()
  } finally {
    await job.remove().catch(() => {})
  }
  if (exit.reason !== 'exited' || exit.exitCode !== 0) {
    const { entries } = await job.readLogs(0).catch(() => ({ entries: [] }))
    throw new BenchmarkFailedError(
      `The matmul benchmark job ${exit.reason === 'exited' ? `exited with ${exit.exitCode}` : `ended: ${exit.reason}`}.`,
      {
        details: entries
          .slice(-15)
          .map((entry) => entry.line)
          .join('\n'),
        metaMessages: [`Its folder: ${jobDir}`],
      },
    )
  }

  const output = await verifyBenchmarkOutput(job.outputDir, {
    n,
    seed,
    repetitions,
    ...(parameters.rounds !== undefined ? { rounds: parameters.rounds } : {}),
  })
  // The timings come from inside the container; they cannot add up to more than it ran.
  const reportedSeconds = output.seconds.reduce((sum, value) => sum + value, 0)
  if (reportedSeconds > exit.durationMs / 1000 + 0.05) {
    throw new BenchmarkVerificationError(
      `The matmul benchmark reports ${reportedSeconds.toFixed(3)} s of work in a ${exit.durationMs} ms run.`,
    )
  }
  const { root } = await hashResults(job.outputDir)
  const result: RunMatmulBenchmarkReturnType = {
    gflops: output.gflops,
    seconds: output.seconds,
    verified: true,
    resultHash: root,
    n,
    seed,
    threads: output.threads,
    maxRelativeError: output.maxRelativeError,
    durationMs: Math.round(performance.now() - started),
    image: image.tag,
    jobId,
    jobDir,
  }
  logger.info({ jobId, gflops: result.gflops, durationMs: result.durationMs }, 'matmul benchmark verified')
  return result
}
