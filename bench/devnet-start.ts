// Figures of `npm start` on a warm machine (dependencies installed, contracts built, the ray tracer
// image in the engine): from the command to the demo job finished and verified, split into phases.
//   0. npm start's prelude: scripts/setup.mjs (a no-op when nothing changed), `forge build` (incremental)
//      and the ABI generation, each run as npm start runs them.
//   1. anvil + deploy: anvil started, the contracts deployed, demo accounts funded.
//   2. docker: an engine found or started.
//   3. providers registered: 3 agents benchmarked, staked, registered, started and queued.
//   4. demo: leases opened → every result downloaded, checked against the chain and re-rendered in part
//      (and the earnings withdrawn and fees swept after).
//   5. Ctrl-C → everything stopped.
// Runs the devnet in this process (as `hearth devnet` does) RUNS times after one warm-up run, in a
// temp folder. Run with `npx tsx bench/devnet-start.ts` (as root, like the tests). Prints figures;
// asserts nothing.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchDevnet } from '../apps/cli/src/devnet/launchDevnet.js'

const runs = Number(process.env.RUNS ?? 3)
const root = fileURLToPath(new URL('..', import.meta.url))

/** Runs a command as npm start does and returns how long it took (ms). */
function timed(command: string, args: readonly string[], cwd = root): number {
  const started = performance.now()
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`)
  return performance.now() - started
}

type Sample = {
  preludeMs: number
  anvilMs: number
  dockerMs: number
  providersMs: number
  imageMs: number
  leasesOpenedMs: number
  verifiedMs: number
  settledMs: number
  startToDemoMs: number
  stopMs: number
}

async function once(): Promise<Sample> {
  const preludeMs =
    timed(process.execPath, ['scripts/setup.mjs']) +
    timed(join(root, 'node_modules', '.bin', 'forge'), ['build', '--offline'], join(root, 'contracts')) +
    timed(process.execPath, [
      '--input-type=module',
      '-e',
      "const { generate } = await import('./packages/abi/scripts/generate.mjs'); generate({ strict: true, log: () => {} })",
    ])
  const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-devnet-'))
  try {
    const launched = await launchDevnet({
      indexer: { apiPort: 0 },
      port: 0,
      outFile: join(dir, '.hearth', 'devnet.json'),
      dir: join(dir, '.hearth'),
      providers: 3,
    })
    if (launched.demoError) throw new Error(`the demo failed: ${launched.demoError}`)
    const t = launched.timings
    const demo = t.demo
    if (!demo) throw new Error('no demo timings')
    const stopStarted = performance.now()
    await launched.stop()
    return {
      preludeMs,
      anvilMs: t.anvilAndDeployMs,
      dockerMs: t.dockerMs,
      providersMs: t.providersMs,
      imageMs: demo.imageMs,
      leasesOpenedMs: demo.leasesOpenedMs,
      verifiedMs: demo.verifiedMs,
      settledMs: demo.settledMs,
      startToDemoMs:
        preludeMs +
        t.anvilAndDeployMs +
        t.dockerMs +
        t.providersMs +
        demo.imageMs +
        demo.leasesOpenedMs +
        demo.verifiedMs,
      stopMs: performance.now() - stopStarted,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

console.log(`npm start (warm) → demo finished: ${availableParallelism()} CPUs, ${runs} runs after a warm-up`)
const warmup = await once()
console.log(`warm-up: ${s(warmup.startToDemoMs)} (ray tracer image ${s(warmup.imageMs)})`)
const samples: Sample[] = []
for (let i = 0; i < runs; i++) {
  samples.push(await once())
  console.log(`run ${i + 1}: ${s(samples.at(-1)?.startToDemoMs ?? 0)}`)
}
const rows: [string, keyof Sample][] = [
  ['prelude (setup, forge build, ABI)', 'preludeMs'],
  ['anvil + deploy + fund', 'anvilMs'],
  ['docker engine', 'dockerMs'],
  ['3 providers registered and queued', 'providersMs'],
  ['demo image (cached)', 'imageMs'],
  ['demo leases opened', 'leasesOpenedMs'],
  ['leases opened → all results verified', 'verifiedMs'],
  ['npm start → demo verified', 'startToDemoMs'],
  ['(after) earnings withdrawn, fees swept', 'settledMs'],
  ['Ctrl-C → everything stopped', 'stopMs'],
]
console.log('\nphase                                   median     min      max')
for (const [label, key] of rows) {
  const values = samples.map((sample) => sample[key])
  console.log(
    `${label.padEnd(40)}${s(median(values)).padStart(8)} ${s(Math.min(...values)).padStart(8)} ${s(Math.max(...values)).padStart(8)}`,
  )
}
