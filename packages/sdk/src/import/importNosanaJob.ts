import { ImportError } from '../errors/ImportError.js'
import { isRecord, joinPath, readForeignDocument, toSpecName } from '../internal/readForeignDocument.js'
import { validateImportedSpec } from '../internal/validateImportedSpec.js'
import type { ImportReturnType, ImportWarning } from './types.js'

/** Options of {@link importNosanaJob}. */
export type ImportNosanaJobOptions = {
  /** The `id` of the op to convert when the job has several `container/run` ops (default: the first). */
  op?: string | undefined
}

/** What {@link importNosanaJob} can throw. */
export type ImportNosanaJobErrorType = ImportError

const format = 'Nosana job definition'

/** Keys of `args` this importer understands. */
const knownArgs = new Set([
  'image',
  'cmd',
  'entrypoint',
  'env',
  'gpu',
  'required_vram',
  'expose',
  'work_dir',
  'resources',
  'volumes',
  'output',
])

type Warn = (path: string, message: string) => void

/**
 * Converts a Nosana job definition (`version: "0.1"`, JSON) into a Hearth job spec, saying what could
 * not be carried over: a Hearth spec runs one container, so a multi-op pipeline becomes one op (the
 * others are listed); input resources fetched before the job (S3, Hugging Face, Ollama), volumes and
 * health checks have no equivalent.
 *
 * Mapping: `args.image` → `image`, `cmd` → `command` (a string runs through `/bin/sh -c`),
 * `entrypoint` → `entrypoint`, `env` → `env`, `work_dir` → `workingDir`, `gpu: true` → one NVIDIA GPU,
 * `required_vram` (GB, also read from `meta.system_requirements`) → `resources.gpu.minVram`, `expose`
 * → `ports`. `global` holds defaults every op inherits, as on Nosana. Nosana does not size CPU,
 * memory or disk: the spec keeps Hearth's defaults and a warning says so.
 *
 * @param text The job definition (JSON; YAML is read too).
 * @param options Which op to convert.
 * @returns The spec (as written) and the warnings.
 * @throws {ImportError} when the text is not a job definition with a `container/run` op that has an
 *   image, or the converted spec would be invalid.
 */
export function importNosanaJob(text: string, options: ImportNosanaJobOptions = {}): ImportReturnType {
  const job = readForeignDocument(text, format)
  if (!isRecord(job)) throw new ImportError(format, 'the document is not a mapping (version, ops, …)')
  const warnings: ImportWarning[] = []
  const warn: Warn = (path, message) => warnings.push({ path, message })

  if (job.ops === undefined)
    throw new ImportError(format, 'it is not a Nosana job definition (no `version`/`type`/`ops`)', [], true)
  if (job.version === undefined) throw new ImportError(format, 'it has no version (expected "0.1")')
  if (String(job.version) !== '0.1') {
    warn('version', `job definition version "${String(job.version)}" is not 0.1; converted as if it were`)
  }
  if (!Array.isArray(job.ops) || job.ops.length === 0) throw new ImportError(format, 'it has no ops')
  const ops = job.ops
  const runs = ops.flatMap((op, index) =>
    isRecord(op) && op.type === 'container/run' ? [{ op, index }] : [],
  )
  if (runs.length === 0) throw new ImportError(format, 'it has no op of type container/run')
  const chosen = chooseOp(options.op, runs)
  const opPath = joinPath('ops', chosen.index)
  const idOf = (op: Record<string, unknown>, index: number) =>
    typeof op.id === 'string' ? op.id : `#${index}`
  const chosenId = idOf(chosen.op, chosen.index)

  ops.forEach((op, index) => {
    if (index === chosen.index) return
    const at = joinPath('ops', index)
    if (!isRecord(op)) {
      warn(at, 'not an op; left out')
    } else if (op.type === 'container/run') {
      warn(
        at,
        `op "${idOf(op, index)}" not carried over: a Hearth spec runs one container (converted "${chosenId}"); import it on its own with --op ${idOf(op, index)} and deploy it separately, passing data between the jobs through their results`,
      )
    } else {
      warn(at, `op of type "${String(op.type)}" not carried over: Hearth runs one container per spec`)
    }
  })

  const global = isRecord(job.global) ? job.global : {}
  const args: Record<string, unknown> = isRecord(chosen.op.args)
    ? { ...global, ...chosen.op.args }
    : { ...global }
  const argsPath = (key: string) => joinPath(joinPath(opPath, 'args'), key)
  const where = (key: string) =>
    isRecord(chosen.op.args) && key in chosen.op.args ? argsPath(key) : joinPath('global', key)

  const spec: Record<string, unknown> = { version: 1 }
  const name = toSpecName(chosenId.replace(/^#/, 'op-'))
  if (name) spec.name = name
  if (typeof args.image !== 'string' || args.image.trim() === '') {
    throw new ImportError(format, `${argsPath('image')} is missing: the op needs an image`)
  }
  spec.image = args.image.trim()

  const entrypoint = readCommand(args.entrypoint, where('entrypoint'), warn)
  const cmd = args.cmd
  if (typeof cmd === 'string' && entrypoint === undefined) {
    // Nosana runs a string command through a shell.
    spec.entrypoint = ['/bin/sh', '-c']
    spec.command = [cmd]
  } else {
    if (entrypoint) spec.entrypoint = entrypoint
    const command = readCommand(cmd, where('cmd'), warn)
    if (command) spec.command = command
  }

  if (args.env !== undefined) {
    const env = readEnv(args.env, where('env'), warn)
    if (env) spec.env = env
  }
  if (typeof args.work_dir === 'string') {
    if (args.work_dir.startsWith('/')) spec.workingDir = args.work_dir
    else warn(where('work_dir'), `work_dir "${args.work_dir}" is not an absolute path; left out`)
  }
  if (typeof args.output === 'string') {
    if (args.output.startsWith('/')) spec.outputDir = args.output
    else warn(where('output'), `output "${args.output}" is not an absolute path; left out`)
  }

  const resources: Record<string, unknown> = {}
  const systemRequirements =
    isRecord(job.meta) && isRecord(job.meta.system_requirements) ? job.meta.system_requirements : {}
  const vram = args.required_vram ?? systemRequirements.required_vram
  const vramPath =
    args.required_vram === undefined ? 'meta.system_requirements.required_vram' : where('required_vram')
  if (args.gpu === true || (args.gpu === undefined && vram !== undefined)) {
    const gpu: Record<string, unknown> = { count: 1, vendor: 'nvidia' }
    if (vram !== undefined) {
      const gb = Number(vram)
      // Decimal GB: a "24 GB" card reports 24 564 MiB, which is under 24 GiB.
      if (Number.isFinite(gb) && gb > 0) gpu.minVram = `${gb}GB`
      else warn(vramPath, `required_vram "${String(vram)}" is not a number of GB; left out`)
    }
    resources.gpu = gpu
  } else if (vram !== undefined) {
    warn(vramPath, 'required_vram given for an op that does not ask for a GPU; left out')
  }
  warn(
    opPath,
    "Nosana job definitions do not size CPU, memory or disk: the spec asks for Hearth's defaults (1 CPU, 512 MiB, 1 GiB disk); set resources.cpu, resources.memory and resources.disk to what the job needs",
  )
  if (Object.keys(resources).length > 0) spec.resources = resources

  const ports = readExpose(args.expose, where('expose'), warn)
  if (ports.length > 0) spec.ports = ports

  if (Array.isArray(args.resources) && args.resources.length > 0) {
    args.resources.forEach((resource, index) => {
      const type = isRecord(resource) ? String(resource.type ?? 'unknown') : 'unknown'
      const target =
        isRecord(resource) && typeof resource.target === 'string' ? ` into ${resource.target}` : ''
      warn(
        joinPath(where('resources'), index),
        `${type} resource${target} not carried over: Hearth does not fetch inputs before the job starts; download it in the job's command (or bake it into the image)`,
      )
    })
  }
  if (args.volumes !== undefined) {
    warn(
      where('volumes'),
      'volumes not carried over: Hearth jobs get one ephemeral disk; write results to outputDir to keep them',
    )
  }
  for (const key of Object.keys(args)) {
    if (!knownArgs.has(key)) warn(where(key), `"${key}" has no Hearth equivalent and was left out`)
  }
  const execution = chosen.op.execution
  if (isRecord(execution) && Array.isArray(execution.depends_on) && execution.depends_on.length > 0) {
    warn(
      joinPath(joinPath(opPath, 'execution'), 'depends_on'),
      `op "${chosenId}" depends on ${execution.depends_on.map(String).join(', ')}: Hearth does not chain jobs; run those first and pass their results in`,
    )
  }
  if (job.type !== undefined && job.type !== 'container') {
    warn('type', `job type "${String(job.type)}" is not "container"; converted as a container job`)
  }
  for (const key of Object.keys(job)) {
    if (!['version', 'type', 'ops', 'global', 'meta'].includes(key)) {
      warn(key, `"${key}" has no Hearth equivalent and was left out`)
    }
  }
  return {
    spec: validateImportedSpec(spec, format),
    warnings,
    converted: { kind: 'op', name: chosenId, choices: runs.map(({ op, index }) => idOf(op, index)) },
  }
}

/** The `container/run` op to convert. */
function chooseOp(
  wanted: string | undefined,
  runs: readonly { op: Record<string, unknown>; index: number }[],
): { op: Record<string, unknown>; index: number } {
  if (wanted !== undefined) {
    const found = runs.find(({ op }) => op.id === wanted)
    if (!found) {
      const ids = runs.map(({ op, index }) => (typeof op.id === 'string' ? op.id : `#${index}`))
      throw new ImportError(format, `it has no container/run op "${wanted}" (ops: ${ids.join(', ')})`)
    }
    return found
  }
  return runs[0] as { op: Record<string, unknown>; index: number }
}

/** A command: a list of strings, or one string (split on nothing: one argument). */
function readCommand(value: unknown, path: string, warn: Warn): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
    return value.map(String)
  }
  warn(path, 'not a string or a list of strings; left out')
  return undefined
}

/** `env` as a mapping of names to strings; numbers and booleans become strings. */
function readEnv(value: unknown, path: string, warn: Warn): Record<string, string> | undefined {
  if (!isRecord(value)) {
    warn(path, 'env is not a mapping; left out')
    return undefined
  }
  const env: Record<string, string> = {}
  for (const [key, raw] of Object.entries(value)) {
    const at = joinPath(path, key)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      warn(
        at,
        `"${key}" is not a valid environment variable name for Hearth (letters, digits, "_"); left out`,
      )
    } else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
      env[key] = String(raw)
    } else {
      warn(at, `the value of ${key} is not a string; left out`)
    }
  }
  return Object.keys(env).length > 0 ? env : undefined
}

/** `expose`: a port, a list of ports, or a list of `{ port, type, health_checks }`. */
function readExpose(value: unknown, path: string, warn: Warn): { port: number }[] {
  if (value === undefined || value === null) return []
  const entries = Array.isArray(value) ? value : [value]
  const ports: { port: number }[] = []
  entries.forEach((entry, index) => {
    const at = Array.isArray(value) ? joinPath(path, index) : path
    const port = isRecord(entry) ? Number(entry.port) : Number(entry)
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      warn(at, `"${JSON.stringify(entry)}" is not a port number; left out`)
      return
    }
    if (isRecord(entry)) {
      if (entry.health_checks !== undefined) {
        warn(
          joinPath(at, 'health_checks'),
          `health checks on port ${port} not carried over: Hearth reports the container's state, not HTTP health`,
        )
      }
      const type = entry.type === undefined ? 'http' : String(entry.type)
      if (!['http', 'websocket', 'tcp', 'api', 'webapp'].includes(type)) {
        warn(joinPath(at, 'type'), `port type "${type}" is served as plain TCP on Hearth`)
      }
    }
    if (!ports.some((existing) => existing.port === port)) ports.push({ port })
  })
  return ports
}
