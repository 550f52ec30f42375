import { randomUUID } from 'node:crypto'
import { chmod, chown, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type Docker from 'dockerode'
import { containerConfig } from './containerConfig.js'
import { DockerApiError, GpuUnavailableError, ImageNotFoundError, InvalidSpecError } from './errors.js'
import { findImage } from './findImage.js'
import { hasNvidiaRuntime } from './hasNvidiaRuntime.js'
import { Sandbox, type SandboxOptions } from './Sandbox.js'
import { hashSandboxSpec, resolveSandboxSpec, type SandboxSpec } from './SandboxSpec.js'
import { containerName, sandboxLabels } from './sandboxLabels.js'

/** Options of {@link createSandbox} and {@link runJob}. */
export interface CreateSandboxOptions extends SandboxOptions {
  /**
   * The host folder of the job, created when missing: its log file (`log.jsonl`), its output dir
   * (`output/`, bind-mounted at the spec's `outputDir`), its recorded exit. The caller owns it.
   */
  dir: string
  /** The job id: letters, digits, `_`, `.`, `-`. Names the container `hearth-<id>`. Default: a random UUID. */
  id?: string
  /** The lease the job runs for; becomes the `hearth.lease` label. */
  lease?: string | bigint
  /** The spec hash label (e.g. the on-chain job spec hash). Default {@link hashSandboxSpec}. */
  specHash?: string
  /** More labels for the container. */
  labels?: Readonly<Record<string, string>>
  /** The host address exposed ports are published on. Default `127.0.0.1`. */
  publishHost?: string
  /** The size cap of each of the engine's two log files for the job. Default 64 MiB. */
  logMaxBytes?: number
}

/** What {@link createSandbox} returns: the sandbox, created but not started. */
export type CreateSandboxReturnType = Sandbox

const jobIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode
}

/**
 * Creates a job's container sandbox, not yet started: checks the spec (root refused, limits in
 * range), that the image is in the engine and, when GPUs are asked for, that the engine has the
 * NVIDIA runtime; prepares the job folder (the output dir owned by the job's user); makes a bridge
 * network of the job's own when it exposes ports; creates the container with the sandbox settings
 * of {@link containerConfig} and labels to find it again.
 *
 * @param docker - The engine.
 * @param spec - What to run, and its limits.
 * @returns The sandbox; call `start()` (or use {@link runJob}).
 * @throws {InvalidSpecError} When the spec or the job id is refused ({@link RootUserError} for uid 0).
 * @throws {ImageNotFoundError} When the image is not in the engine.
 * @throws {GpuUnavailableError} When the spec asks for GPUs and the engine has no NVIDIA runtime.
 * @throws {DockerApiError} When the engine refuses the container (e.g. a job with that id exists).
 */
export async function createSandbox(
  docker: Docker,
  spec: SandboxSpec,
  options: CreateSandboxOptions,
): Promise<CreateSandboxReturnType> {
  const resolved = resolveSandboxSpec(spec)
  const id = options.id ?? randomUUID()
  if (!jobIdPattern.test(id))
    throw new InvalidSpecError('id', `must match ${jobIdPattern}, got ${JSON.stringify(id)}`)

  const gpus = resolved.resources.gpus
  if (gpus !== undefined) {
    const support = await hasNvidiaRuntime(docker)
    if (!support.available) {
      const count = typeof gpus === 'number' ? gpus : gpus.deviceIds.length
      throw new GpuUnavailableError(`${count} GPU${count === 1 ? '' : 's'}`, support.reason)
    }
  }
  if ((await findImage(docker, resolved.image)) === undefined) throw new ImageNotFoundError(resolved.image)

  await mkdir(options.dir, { recursive: true, mode: 0o700 })
  const outputHostDir = join(options.dir, 'output')
  await mkdir(outputHostDir, { recursive: true })
  // The job's user must be able to write its output dir.
  if (process.getuid?.() === 0) await chown(outputHostDir, resolved.user.uid, resolved.user.gid)
  else await chmod(outputHostDir, 0o777)

  const name = containerName(id)
  const network = resolved.ports.length > 0 ? name : undefined
  const labels: Record<string, string> = {
    ...options.labels,
    [sandboxLabels.managed]: 'true',
    [sandboxLabels.job]: id,
    [sandboxLabels.specHash]: options.specHash ?? hashSandboxSpec(spec),
    [sandboxLabels.dir]: options.dir,
    ...(options.lease !== undefined ? { [sandboxLabels.lease]: String(options.lease) } : {}),
    ...(resolved.timeoutMs !== undefined ? { [sandboxLabels.timeoutMs]: String(resolved.timeoutMs) } : {}),
    ...(network ? { [sandboxLabels.network]: network } : {}),
  }

  if (network) {
    try {
      await docker.createNetwork({
        Name: network,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [sandboxLabels.managed]: 'true', [sandboxLabels.job]: id },
      })
    } catch (error) {
      throw new DockerApiError(`Creating the network of job ${id} failed.`, {
        cause: error,
        statusCode: statusCode(error),
        details: String(error),
      })
    }
  }
  let container: Docker.Container
  try {
    container = await docker.createContainer(
      containerConfig(resolved, {
        name,
        labels,
        outputHostDir,
        network,
        publishHost: options.publishHost ?? '127.0.0.1',
        logMaxBytes: options.logMaxBytes ?? 64 * 1024 * 1024,
      }),
    )
  } catch (error) {
    if (network)
      await docker
        .getNetwork(network)
        .remove()
        .catch(() => {})
    const code = statusCode(error)
    throw new DockerApiError(
      code === 409
        ? `A container for job ${id} exists already; find it with findSandboxes().`
        : `Creating the container of job ${id} failed.`,
      { cause: error, statusCode: code, details: String(error) },
    )
  }
  return new Sandbox(
    docker,
    { id, containerId: container.id, dir: options.dir, labels, network, timeoutMs: resolved.timeoutMs },
    options,
  )
}
