import { ensureDocker } from '@hearth/runtime'
import { runMatmulBenchmark } from '@hearth/workloads'
import type { Io } from '../cli/Io.js'
import { defaultDataDir } from '../config.js'
import { createLogger, helpRequested, locate, parseCommand, printJson } from './common.js'

const usage = `Usage: hearth provider benchmark [--n 1024] [--data-dir DIR] [--json]

Runs the matrix-multiply benchmark as an ordinary sandboxed job (fresh random inputs), checks the
product with Freivalds' algorithm, and prints the measured GFLOPS: the figure registration declares.`

/** Runs the benchmark on `docker` and returns its figures. */
export async function measureGflops(dataDir: string, n: number, io: Io) {
  const logger = createLogger('warn', io.stderr)
  const engine = await ensureDocker({ logger })
  try {
    return await runMatmulBenchmark(engine.docker, { n, dataDir: `${dataDir}/benchmark`, logger })
  } finally {
    await engine.stop()
  }
}

/** `hearth provider benchmark`. */
export async function benchmarkCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, { n: { type: 'string', default: '1024' } })
  if (helpRequested(values, io, usage)) return 0
  const { dataDir } = values['data-dir']
    ? locate(values, io)
    : { dataDir: defaultDataDir(io.env as NodeJS.ProcessEnv) }
  const result = await measureGflops(dataDir, Number(values.n), io)
  if (values.json) printJson(io, result)
  else {
    io.stdout(
      `Matrix multiply n=${result.n}: ${result.gflops.toFixed(1)} GFLOPS (best of ${result.seconds.length}, ${result.threads} thread(s)), ` +
        `verified with Freivalds' algorithm (max relative error ${result.maxRelativeError.toExponential(2)}), result ${result.resultHash.slice(0, 16)}…\n`,
    )
  }
  return 0
}
