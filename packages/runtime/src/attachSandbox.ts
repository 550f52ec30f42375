import type Docker from 'dockerode'
import { DockerApiError, SandboxNotFoundError } from './errors.js'
import { Sandbox, type SandboxOptions } from './Sandbox.js'
import { containerName, sandboxLabels } from './sandboxLabels.js'

/** Options of {@link attachSandbox}. */
export type AttachSandboxOptions = SandboxOptions

/**
 * Takes a sandbox back after a restart (or from another process): rebuilds it from its container's
 * labels and, unless it was never started, supervises it again — the log copy resumes after the
 * last line already in the log file, the timeout counts from the container's real start, and an
 * exit that happened meanwhile is recorded with its reason.
 *
 * @param idOrContainerId - The job id (or its container's id or name), e.g. from {@link findSandboxes}.
 * @throws {SandboxNotFoundError} When there is no such container, or it is not a sandbox.
 * @throws {LockTimeoutError} When another live process supervises it.
 */
export async function attachSandbox(
  docker: Docker,
  idOrContainerId: string,
  options: AttachSandboxOptions = {},
): Promise<Sandbox> {
  let info: Docker.ContainerInspectInfo | undefined
  for (const name of [containerName(idOrContainerId), idOrContainerId]) {
    try {
      info = await docker.getContainer(name).inspect()
      break
    } catch (error) {
      const statusCode = (error as { statusCode?: number }).statusCode
      if (statusCode !== 404) {
        throw new DockerApiError(`Inspecting container ${name} failed.`, {
          cause: error,
          statusCode,
          details: String(error),
        })
      }
    }
  }
  const labels = info?.Config.Labels ?? {}
  const id = labels[sandboxLabels.job]
  const dir = labels[sandboxLabels.dir]
  if (!info || labels[sandboxLabels.managed] !== 'true' || id === undefined || dir === undefined) {
    throw new SandboxNotFoundError(`No sandbox "${idOrContainerId}" in this engine.`)
  }
  const timeout = labels[sandboxLabels.timeoutMs]
  const sandbox = new Sandbox(
    docker,
    {
      id,
      containerId: info.Id,
      dir,
      labels,
      network: labels[sandboxLabels.network],
      timeoutMs: timeout === undefined ? undefined : Number(timeout),
    },
    options,
  )
  if (info.State.Status !== 'created') await sandbox.attach()
  return sandbox
}
