import { createHash } from 'node:crypto'
import { InvalidSpecError, RootUserError } from './errors.js'

/**
 * What a job container runs and what it may use: the runtime's own narrow type. The consumer job
 * spec (packages/sdk) is mapped onto it; nothing here knows about leases, prices or placement.
 */
export interface SandboxSpec {
  /** The image, by tag or id. It must already be in the engine: the runtime never pulls. */
  image: string
  /** Replaces the image's entrypoint. */
  entrypoint?: readonly string[]
  /** The command (arguments to the entrypoint). */
  command?: readonly string[]
  /** Environment variables, on top of `HOME` (the scratch dir) and the image's own. */
  env?: Readonly<Record<string, string>>
  /** The working directory. Default: the image's, else `/`. */
  workingDir?: string
  /** The user to run as. Default 65534:65534 (nobody). Root (uid 0) is refused. */
  user?: { uid: number; gid?: number }
  /** Limits. Every field has a default, so none is ever unlimited. */
  resources?: SandboxResources
  /**
   * Ports the job serves. None (the default) means no network at all: only `lo`. Any means a bridge
   * network of the job's own, with each port published on the host.
   */
  ports?: readonly SandboxPort[]
  /** Where the job writes its results, inside the container. Default `/output`. */
  outputDir?: string
  /** The writable scratch dir, a tmpfs (it counts against the memory limit). */
  scratch?: { path?: string; sizeBytes?: number }
  /** Kill the job this long after it starts; its exit reason is then `timeout`. Default: none. */
  timeoutMs?: number
}

/** Resource limits of a sandbox. */
export interface SandboxResources {
  /** CPUs, fractions allowed (`0.5`). Default 1. */
  cpu?: number
  /** Memory in bytes, swap included (no swap). Default 512 MiB. */
  memoryBytes?: number
  /** Processes and threads at once. Default 256. */
  pids?: number
  /** Open files per process (`ulimit -n`, soft and hard). Default 1024. */
  openFiles?: number
  /** NVIDIA GPUs: a count, or the device ids (index or UUID) to pass. Default none. */
  gpus?: number | { deviceIds: readonly string[] }
}

/** A port a job serves. */
export interface SandboxPort {
  /** The port inside the container. */
  containerPort: number
  /** Default `tcp`. */
  protocol?: 'tcp' | 'udp'
}

/** A spec with every default filled in. */
export interface ResolvedSandboxSpec {
  image: string
  entrypoint: readonly string[] | undefined
  command: readonly string[] | undefined
  env: Readonly<Record<string, string>>
  workingDir: string | undefined
  user: { uid: number; gid: number }
  resources: {
    cpu: number
    memoryBytes: number
    pids: number
    openFiles: number
    gpus: number | { deviceIds: readonly string[] } | undefined
  }
  ports: readonly { containerPort: number; protocol: 'tcp' | 'udp' }[]
  outputDir: string
  scratch: { path: string; sizeBytes: number }
  timeoutMs: number | undefined
}

/** Defaults of {@link SandboxSpec}. */
export const sandboxDefaults = {
  uid: 65534,
  cpu: 1,
  memoryBytes: 512 * 1024 * 1024,
  pids: 256,
  openFiles: 1024,
  outputDir: '/output',
  scratchPath: '/scratch',
} as const

const minMemoryBytes = 6 * 1024 * 1024

function positiveInteger(field: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new InvalidSpecError(field, `must be an integer from 1 to ${max}, got ${value}`)
  }
}

function absolutePath(field: string, value: string): void {
  if (!value.startsWith('/') || value.includes('\0') || value.split('/').includes('..')) {
    throw new InvalidSpecError(field, `must be an absolute path without "..", got ${JSON.stringify(value)}`)
  }
}

/**
 * Checks a spec and fills in its defaults.
 *
 * @throws {RootUserError} When it asks for uid 0.
 * @throws {InvalidSpecError} When a field is out of range, naming the field.
 */
export function resolveSandboxSpec(spec: SandboxSpec): ResolvedSandboxSpec {
  if (spec.image.trim() === '') throw new InvalidSpecError('image', 'is empty')
  const uid = spec.user?.uid ?? sandboxDefaults.uid
  if (uid === 0) throw new RootUserError()
  positiveInteger('user.uid', uid, 2 ** 31 - 1)
  const gid = spec.user?.gid ?? uid
  if (gid === 0) throw new InvalidSpecError('user.gid', 'is 0 (the root group)')
  positiveInteger('user.gid', gid, 2 ** 31 - 1)

  const resources = spec.resources ?? {}
  const cpu = resources.cpu ?? sandboxDefaults.cpu
  if (!Number.isFinite(cpu) || cpu < 0.01)
    throw new InvalidSpecError('resources.cpu', `must be at least 0.01, got ${cpu}`)
  const memoryBytes = resources.memoryBytes ?? sandboxDefaults.memoryBytes
  positiveInteger('resources.memoryBytes', memoryBytes)
  if (memoryBytes < minMemoryBytes) {
    throw new InvalidSpecError(
      'resources.memoryBytes',
      `must be at least ${minMemoryBytes} (6 MiB), got ${memoryBytes}`,
    )
  }
  const pids = resources.pids ?? sandboxDefaults.pids
  positiveInteger('resources.pids', pids)
  const openFiles = resources.openFiles ?? sandboxDefaults.openFiles
  positiveInteger('resources.openFiles', openFiles, 1 << 20)
  const gpus = resources.gpus
  if (typeof gpus === 'number') positiveInteger('resources.gpus', gpus, 64)
  else if (gpus !== undefined && gpus.deviceIds.length === 0) {
    throw new InvalidSpecError('resources.gpus.deviceIds', 'is empty')
  }

  const ports = (spec.ports ?? []).map((port, i) => {
    positiveInteger(`ports[${i}].containerPort`, port.containerPort, 65535)
    return { containerPort: port.containerPort, protocol: port.protocol ?? ('tcp' as const) }
  })
  const outputDir = spec.outputDir ?? sandboxDefaults.outputDir
  absolutePath('outputDir', outputDir)
  const scratchPath = spec.scratch?.path ?? sandboxDefaults.scratchPath
  absolutePath('scratch.path', scratchPath)
  if (scratchPath === outputDir) throw new InvalidSpecError('scratch.path', 'must differ from outputDir')
  const scratchBytes = spec.scratch?.sizeBytes ?? memoryBytes
  positiveInteger('scratch.sizeBytes', scratchBytes)
  if (spec.workingDir !== undefined) absolutePath('workingDir', spec.workingDir)
  if (spec.timeoutMs !== undefined) positiveInteger('timeoutMs', spec.timeoutMs)
  for (const key of Object.keys(spec.env ?? {})) {
    if (key === '' || key.includes('=') || key.includes('\0')) {
      throw new InvalidSpecError(`env.${key}`, 'is not a valid variable name')
    }
  }
  return {
    image: spec.image,
    entrypoint: spec.entrypoint,
    command: spec.command,
    env: { HOME: scratchPath, ...spec.env },
    workingDir: spec.workingDir,
    user: { uid, gid },
    resources: { cpu, memoryBytes, pids, openFiles, gpus },
    ports,
    outputDir,
    scratch: { path: scratchPath, sizeBytes: scratchBytes },
    timeoutMs: spec.timeoutMs,
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * A stable hash of a spec after defaults: sha256 over its canonical JSON (sorted keys), hex. Two
 * specs that run the same way hash the same, however their keys were ordered or defaults spelled.
 */
export function hashSandboxSpec(spec: SandboxSpec): string {
  return createHash('sha256')
    .update(canonicalJson(resolveSandboxSpec(spec)))
    .digest('hex')
}
