// Figures of the matmul benchmark workload (packages/workloads): image build, GFLOPS in a sandboxed
// job for n = 256, 512, 1024, and the time Freivalds' check takes. Run with `npx tsx bench/matmul.ts`
// (as root, like the tests). It removes and rebuilds the hearth/matmul image to time a cold build.
// Prints figures; asserts nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDocker } from '../packages/runtime/src/index.js'
import {
  ensureMatmulImage,
  matmulInputs,
  runMatmulBenchmark,
  verifyBenchmarkOutput,
  verifyProduct,
} from '../packages/workloads/src/index.js'

const ms = (value: number) => `${value.toFixed(0)} ms`
const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now()
  const value = await fn()
  return [value, performance.now() - started]
}

const work = await mkdtemp(join(tmpdir(), 'hearth-bench-matmul-'))
const engine = await ensureDocker()
const { docker } = engine
try {
  const cached = await ensureMatmulImage(docker)
  await docker
    .getImage(cached.tag)
    .remove()
    .catch(() => {})
  const [image, buildMs] = await time(() => ensureMatmulImage(docker))
  const [, cachedMs] = await time(() => ensureMatmulImage(docker))
  console.log(
    `image             ${image.tag} ${image.built ? 'built' : 'cached'} in ${ms(buildMs)} (compile + import); cached check ${ms(cachedMs)}`,
  )

  const cpus = availableParallelism()
  for (const cpu of [cpus, 1]) {
    for (const n of cpu === 1 ? [1024] : [256, 512, 1024]) {
      const run = await runMatmulBenchmark(docker, { n, repetitions: 5, cpu, dataDir: work })
      const output = join(run.jobDir, 'output')
      const [, verifyMs] = await time(() => verifyBenchmarkOutput(output, { n, seed: run.seed }))
      const { a, b } = matmulInputs(n, run.seed)
      const c = new Float32Array(new Uint8Array(await readFile(join(output, 'c.bin'))).buffer)
      const [check, freivaldsMs] = await time(() => verifyProduct({ a, b, c, n }))
      console.log(
        `n=${String(n).padEnd(5)} ${run.threads} thread${run.threads === 1 ? ' ' : 's'}  ${run.gflops.toFixed(1).padStart(6)} GFLOPS ` +
          `(best of 5: ${(Math.min(...run.seconds) * 1000).toFixed(2)} ms)  whole run ${ms(run.durationMs)}  ` +
          `verify ${ms(verifyMs)} (Freivalds 20 rounds ${ms(freivaldsMs)}, max rel. error ${check.maxRelativeError.toExponential(2)} ≤ ${check.tolerance.toExponential(2)})`,
      )
    }
  }
} finally {
  await engine.stop()
  await rm(work, { recursive: true, force: true })
}
