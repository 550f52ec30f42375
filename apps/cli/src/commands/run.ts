import { mkdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  describeExit,
  ensureDocker,
  findImage,
  hashResults,
  hasNvidiaRuntime,
  type LogEntry,
  pullImage,
  runJob,
  type Sandbox,
  toSandboxSpec,
} from '@hearth/runtime'
import { CliError, UsageError } from '../CliError.js'
import { toJson } from '../consumer/format.js'
import type { Io } from '../io.js'
import { readSpecFile } from '../readSpecFile.js'

/** Help text of `hearth run`. */
export const runUsage = `Usage: hearth run <spec.yaml> [options]

Runs a job spec on this machine, in the same container sandbox a provider uses (no network unless the
spec exposes ports, read-only root, no capabilities, non-root user, the spec's limits), without the
chain and without paying: to test a spec before deploying it. Prints the job's output as it comes,
then how it ended and its results (the files under the spec's output dir, with the results hash a
provider would record on chain). Ctrl-C stops the job.

The Docker engine is DOCKER_HOST, the system's, or one Hearth starts (installing docker.io when
missing). An image not in the engine is pulled from its registry.

Options:
  --dir <dir>   the job's folder: its log, its output/ and its exit (default .hearth/runs/<time>)
  --json        print one JSON object at the end (the log stays in <dir>/log.jsonl)
  -h, --help    show this help`

/** What `hearth run --json` prints. */
type RunSummary = {
  spec: string
  image: string
  dir: string
  exitCode: number
  reason: string
  succeeded: boolean
  description?: string
  /** How long the job's process ran (Docker's start to finish). */
  durationMs: number
  /** From creating the container to the job's end, as the user waited. */
  wallMs: number
  ports: { port: number; url: string }[]
  results: { root: string; files: { path: string; size: number; sha256: string }[] }
  notes: string[]
}

/**
 * `hearth run spec.yaml`: the spec in a local sandbox, to the end.
 * @param argv The arguments after `run`.
 * @param io Output, working directory, environment and the stop signal.
 * @returns 0 when the job exited with code 0, 1 when it failed.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    io.stdout(`${runUsage}\n`)
    return 0
  }
  const [file, ...extra] = positionals
  if (file === undefined) throw new UsageError('a spec file is required: hearth run <spec.yaml>')
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const { spec } = readSpecFile(io.cwd, file)
  const say = (line: string) => {
    if (!values.json) io.stderr(`hearth: ${line}\n`)
  }

  const notes: string[] = []
  if (spec.cluster) notes.push(`the spec asks for a cluster of ${spec.cluster.members}: one member runs here`)
  else if (spec.replicas > 1) notes.push(`the spec asks for ${spec.replicas} replicas: one runs here`)
  if (spec.maxPrice) notes.push('maxPrice is ignored: a local run costs nothing')

  const engine = await ensureDocker(io.env.DOCKER_HOST ? { host: io.env.DOCKER_HOST } : {})
  try {
    const { docker } = engine
    if ((await findImage(docker, spec.image)) === undefined) {
      say(`pulling ${spec.image}`)
      await pullImage(docker, spec.image).catch((error: unknown) => {
        throw new CliError(
          `the image ${spec.image} is not in the Docker engine and could not be pulled: ${firstLine(error)}`,
        )
      })
    }
    const gpusWanted = spec.resources.gpu?.count ?? 0
    const nvidia = gpusWanted > 0 ? await hasNvidiaRuntime(docker) : { available: false }
    const mapped = toSandboxSpec(spec, {
      // The NVIDIA runtime takes device indices; this machine's GPUs are 0…n-1.
      gpuDeviceIds: nvidia.available ? Array.from({ length: gpusWanted }, (_, i) => String(i)) : [],
      leaseGpus: gpusWanted,
      cpuCores: cpus().length,
      ramMiB: Math.floor(totalmem() / (1024 * 1024)),
    })
    if (!mapped.ok) throw new CliError(`this machine cannot run ${file}: ${mapped.problems.join('; ')}`)
    notes.push(...mapped.notes)
    for (const note of notes) say(note)

    const dir = resolve(
      io.cwd,
      values.dir ?? join('.hearth', 'runs', new Date().toISOString().replace(/[:.]/g, '-')),
    )
    mkdirSync(dir, { recursive: true })
    const started = performance.now()
    const job = await runJob(docker, mapped.spec, { dir }).catch((error: unknown) => {
      throw new CliError(`could not start ${spec.image}: ${firstLine(error)}`)
    })
    const ports = (await job.ports()).map((p) => ({
      port: p.containerPort,
      url: `http://${p.hostIp}:${p.hostPort}`,
    }))
    say(`running ${spec.image} in ${relative(io.cwd, dir) || '.'}`)
    for (const port of ports) say(`port ${port.port} is at ${port.url}`)

    const stop = () => void job.stop().catch(() => undefined)
    io.signal.addEventListener('abort', stop, { once: true })
    try {
      if (!values.json) await printLogs(job, io)
      const exit = await job.wait()
      const wallMs = Math.round(performance.now() - started)
      const results = await hashResults(job.outputDir)
      // Stopped here, by Ctrl-C: not "by the provider", as the runtime words a stop.
      const description =
        exit.reason === 'killed' && io.signal.aborted
          ? 'stopped (Ctrl-C)'
          : describeExit(exit, {
              memoryBytes: spec.resources.memoryBytes,
              timeoutMs: mapped.spec.timeoutMs,
            })
      const succeeded = exit.reason === 'exited' && exit.exitCode === 0
      const summary: RunSummary = {
        spec: file,
        image: spec.image,
        dir,
        exitCode: exit.exitCode,
        reason: exit.reason,
        succeeded,
        ...(description ? { description } : {}),
        durationMs: exit.durationMs,
        wallMs,
        ports,
        results: {
          root: `0x${results.root}`,
          files: results.files.map((f) => ({ path: f.path, size: f.sizeBytes, sha256: f.sha256 })),
        },
        notes,
      }
      if (values.json) io.stdout(`${toJson(summary)}\n`)
      else printSummary(summary, io)
      return succeeded ? 0 : 1
    } finally {
      io.signal.removeEventListener('abort', stop)
      await job.remove().catch(() => undefined)
    }
  } finally {
    await engine.stop()
  }
}

/** Streams the job's log as it is written: its stdout and stderr to ours, the runtime's lines marked. */
async function printLogs(job: Sandbox, io: Io): Promise<void> {
  const print = (entry: LogEntry) => {
    if (entry.stream === 'stdout') io.stdout(`${entry.line}\n`)
    else if (entry.stream === 'stderr') io.stderr(`${entry.line}\n`)
    else io.stderr(`[sandbox] ${entry.line}\n`)
  }
  for await (const chunk of job.logs()) for (const entry of chunk.entries) print(entry)
}

function printSummary(summary: RunSummary, io: Io): void {
  const ran = `${(summary.durationMs / 1000).toFixed(1)} s`
  const all = `${(summary.wallMs / 1000).toFixed(1)} s`
  const took = all === ran ? `in ${ran}` : `in ${ran} (${all} with the container's start and stop)`
  const how = summary.succeeded
    ? `finished (exit code 0) ${took}`
    : summary.description === 'stopped (Ctrl-C)'
      ? `was stopped (Ctrl-C) after ${ran}`
      : `failed: ${summary.description ?? `exited with code ${summary.exitCode}`} after ${ran}`
  io.stderr(`hearth: the job ${how}\n`)
  const output = join(summary.dir, 'output')
  const { files, root } = summary.results
  io.stderr(
    files.length === 0
      ? `hearth: no results (nothing under the spec's output dir); log in ${join(summary.dir, 'log.jsonl')}\n`
      : `hearth: ${files.length} result file${files.length === 1 ? '' : 's'} in ${output}, results hash ${root}\n`,
  )
  for (const f of files) io.stderr(`  ${f.path}  ${f.size} B  sha256 ${f.sha256}\n`)
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n')[0] ?? message).replace(/^\(HTTP code \d+\) [a-z ]+ - /, '')
}
