import type { JobSpec } from '@hearth/sdk'
import type { SandboxSpec } from './SandboxSpec.js'

/** What the machine and the lease allow a job. */
export type JobLimits = {
  /** GPUs to pass through (engine device ids); empty when the machine has none to pass. */
  gpuDeviceIds: readonly string[]
  /** GPUs the lease rents (the market's GPUs per lease; 0 in a CPU-only market). */
  leaseGpus: number
  cpuCores: number
  ramMiB: number
}

/** What {@link toSandboxSpec} returns. */
export type ToSandboxSpecReturnType =
  | { ok: true; spec: SandboxSpec; notes: string[] }
  | { ok: false; problems: string[] }

/**
 * Maps a consumer's job spec onto the runtime's sandbox: image, command, env, user, limits, ports,
 * output dir and timeout. Refuses what the lease or the machine cannot give (more GPUs than rented,
 * more CPU or memory than the machine has), naming each problem.
 */
export function toSandboxSpec(spec: JobSpec, limits: JobLimits): ToSandboxSpecReturnType {
  const problems: string[] = []
  const notes: string[] = []
  const { resources } = spec
  const gpusWanted = resources.gpu?.count ?? 0
  if (gpusWanted > limits.leaseGpus) {
    problems.push(
      `resources.gpu.count: the job asks for ${gpusWanted} GPU(s), the lease rents ${limits.leaseGpus}`,
    )
  }
  if (resources.cpu > limits.cpuCores) {
    problems.push(
      `resources.cpu: the job asks for ${resources.cpu} CPUs, this machine has ${limits.cpuCores}`,
    )
  }
  const memoryMiB = Math.ceil(resources.memoryBytes / (1024 * 1024))
  if (memoryMiB > limits.ramMiB) {
    problems.push(
      `resources.memory: the job asks for ${memoryMiB} MiB, this machine has ${limits.ramMiB} MiB`,
    )
  }
  if (problems.length > 0) return { ok: false, problems }

  let gpus: { deviceIds: readonly string[] } | undefined
  if (gpusWanted > 0 && limits.gpuDeviceIds.length >= gpusWanted) {
    gpus = { deviceIds: limits.gpuDeviceIds.slice(0, gpusWanted) }
  } else if (gpusWanted > 0) {
    notes.push(
      `the job asks for ${gpusWanted} GPU(s) but this machine passes none to containers: it runs without them`,
    )
  }
  const sandbox: SandboxSpec = {
    image: spec.image,
    ...(spec.entrypoint ? { entrypoint: spec.entrypoint } : {}),
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.env ? { env: spec.env } : {}),
    ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
    ...(spec.user
      ? {
          user:
            spec.user.gid === undefined ? { uid: spec.user.uid } : { uid: spec.user.uid, gid: spec.user.gid },
        }
      : {}),
    resources: {
      cpu: resources.cpu,
      memoryBytes: resources.memoryBytes,
      ...(gpus !== undefined ? { gpus } : {}),
    },
    ...(spec.ports && spec.ports.length > 0
      ? { ports: spec.ports.map((p) => ({ containerPort: p.port, protocol: p.protocol })) }
      : {}),
    outputDir: spec.outputDir,
    ...(spec.timeoutSeconds !== undefined ? { timeoutMs: spec.timeoutSeconds * 1000 } : {}),
  }
  return { ok: true, spec: sandbox, notes }
}
