import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  containerName,
  dockerFromHost,
  GpuUnavailableError,
  hashResults,
  hasNvidiaRuntime,
} from '@hearth/runtime'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BenchmarkFailedError, BenchmarkOutputError, BenchmarkVerificationError } from './errors.js'
import { type RunMatmulBenchmarkReturnType, runMatmulBenchmark } from './runMatmulBenchmark.js'
import { verifyBenchmarkOutput } from './verifyBenchmarkOutput.js'

const docker = dockerFromHost(inject('dockerHost'))
const gpus = await hasNvidiaRuntime(docker)
let dataDir: string
let run: RunMatmulBenchmarkReturnType

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hearth-workloads-test-'))
  run = await runMatmulBenchmark(docker, { n: 128, seed: 12345, repetitions: 2, cpu: 1, dataDir })
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** A copy of the run's output dir, to tamper with. */
async function copyOutput(name: string): Promise<string> {
  const dir = join(dataDir, name)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir)
  for (const file of ['c.bin', 'result.json'])
    await copyFile(join(run.jobDir, 'output', file), join(dir, file))
  return dir
}

describe('runMatmulBenchmark', () => {
  it('runs the product in a sandbox, verifies it and reports the throughput', async () => {
    expect(run).toMatchObject({ verified: true, n: 128, seed: 12345, threads: 1 })
    expect(run.seconds).toHaveLength(2)
    expect(run.gflops).toBeCloseTo((2 * 128 ** 3) / Math.min(...run.seconds) / 1e9, 6)
    expect(run.gflops).toBeGreaterThan(0.1)
    expect(run.maxRelativeError).toBeLessThan(1e-5)
    expect(run.resultHash).toBe((await hashResults(join(run.jobDir, 'output'))).root)
    expect(run.resultHash).toMatch(/^[0-9a-f]{64}$/)
    const result = JSON.parse(await readFile(join(run.jobDir, 'output', 'result.json'), 'utf8'))
    expect(result).toMatchObject({ n: 128, seed: 12345, repetitions: 2, threads: 1 })
    // The container is gone; its folder stays with the caller.
    await expect(docker.getContainer(containerName(run.jobId)).inspect()).rejects.toMatchObject({
      statusCode: 404,
    })
  })

  it('picks a fresh random seed each run by default', async () => {
    const first = await runMatmulBenchmark(docker, { n: 32, repetitions: 1, cpu: 1, dataDir })
    const second = await runMatmulBenchmark(docker, { n: 32, repetitions: 1, cpu: 1, dataDir })
    expect(first.seed).not.toBe(second.seed)
    expect(first.resultHash).not.toBe(second.resultHash)
    expect([first.verified, second.verified]).toEqual([true, true])
  })

  it('throws BenchmarkFailedError when the job runs out of memory', async () => {
    const failure = runMatmulBenchmark(docker, {
      n: 1024,
      seed: 1,
      repetitions: 1,
      cpu: 1,
      memoryBytes: 8 * 1024 * 1024,
      dataDir,
    })
    await expect(failure).rejects.toThrow(BenchmarkFailedError)
    await expect(failure).rejects.toThrow(/ended: oom/)
  })

  it('throws BenchmarkFailedError when the job runs past its timeout', async () => {
    await expect(
      runMatmulBenchmark(docker, { n: 2048, seed: 1, repetitions: 50, cpu: 1, timeoutMs: 300, dataDir }),
    ).rejects.toThrow(/ended: timeout/)
  })

  it.runIf(!gpus.available)('refuses GPUs the engine cannot give', async () => {
    await expect(runMatmulBenchmark(docker, { n: 32, gpus: 1, dataDir })).rejects.toThrow(GpuUnavailableError)
  })
})

describe('verifyBenchmarkOutput', () => {
  it('accepts the output of an honest run', async () => {
    const output = await verifyBenchmarkOutput(join(run.jobDir, 'output'), {
      n: 128,
      seed: 12345,
      repetitions: 2,
    })
    expect(output).toMatchObject({ n: 128, seed: 12345, threads: 1, rounds: 20, seconds: run.seconds })
  })

  it('rejects a c.bin with one element changed on disk', async () => {
    const dir = await copyOutput('tampered')
    const bytes = await readFile(join(dir, 'c.bin'))
    const index = 128 * 77 + 31
    bytes.writeFloatLE(bytes.readFloatLE(4 * index) + 0.5, 4 * index)
    await writeFile(join(dir, 'c.bin'), bytes)
    const verification = verifyBenchmarkOutput(dir, { n: 128, seed: 12345 })
    await expect(verification).rejects.toThrow(BenchmarkVerificationError)
    await expect(verification).rejects.toThrow(/product is wrong \(n 128, seed 12345\)/)
  })

  it('rejects the product of another seed passed off as this one', async () => {
    const other = await runMatmulBenchmark(docker, { n: 128, seed: 54321, repetitions: 1, cpu: 1, dataDir })
    const dir = await copyOutput('other-seed')
    await writeFile(join(dir, 'c.bin'), await readFile(join(other.jobDir, 'output', 'c.bin')))
    await expect(verifyBenchmarkOutput(dir, { n: 128, seed: 12345 })).rejects.toThrow(
      BenchmarkVerificationError,
    )
  })

  it('says clearly that a truncated c.bin is truncated', async () => {
    const dir = await copyOutput('truncated')
    await truncate(join(dir, 'c.bin'), 4 * 128 * 128 - 6)
    const verification = verifyBenchmarkOutput(dir, { n: 128, seed: 12345 })
    await expect(verification).rejects.toThrow(BenchmarkOutputError)
    await expect(verification).rejects.toThrow(
      /c\.bin is 65530 bytes; expected 65536 \(128×128 float32\)[\s\S]*truncated/,
    )
  })

  it('rejects a result.json that describes another job, or is missing', async () => {
    const dir = await copyOutput('mismatch')
    await expect(verifyBenchmarkOutput(dir, { n: 128, seed: 1 })).rejects.toThrow(/describes another job/)
    await expect(verifyBenchmarkOutput(dir, { n: 128, seed: 12345, repetitions: 3 })).rejects.toThrow(
      /lists 2 timings for 3 repetitions/,
    )
    await rm(join(dir, 'result.json'))
    await expect(verifyBenchmarkOutput(dir, { n: 128, seed: 12345 })).rejects.toThrow(BenchmarkOutputError)
  })
})
