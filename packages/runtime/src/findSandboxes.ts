import type Docker from 'dockerode'
import { DockerApiError } from './errors.js'
import { sandboxLabels } from './sandboxLabels.js'

/** Which sandboxes {@link findSandboxes} returns; every given field must match. */
export interface FindSandboxesFilter {
  /** The job id. */
  id?: string
  lease?: string | bigint
  specHash?: string
  /** Other labels, each `key` to `value`. */
  labels?: Readonly<Record<string, string>>
}

/** A sandbox container found in the engine. */
export interface SandboxInfo {
  /** The job id. */
  id: string
  containerId: string
  /** The engine's state: `created`, `running`, `exited`, `dead`, … */
  state: string
  labels: Readonly<Record<string, string>>
  lease: string | undefined
  specHash: string | undefined
  /** The job's host folder. */
  dir: string | undefined
  /** When the container was created (ms since the epoch). */
  createdAt: number
}

/**
 * Lists the sandbox containers in the engine, running or not, by their labels: how an agent finds
 * its jobs again after a restart, before re-attaching them with {@link attachSandbox}.
 *
 * @returns The matches, oldest first.
 * @throws {DockerApiError} When the engine cannot list containers.
 */
export async function findSandboxes(
  docker: Docker,
  filter: FindSandboxesFilter = {},
): Promise<SandboxInfo[]> {
  const wanted: Record<string, string> = {
    ...filter.labels,
    [sandboxLabels.managed]: 'true',
    ...(filter.id !== undefined ? { [sandboxLabels.job]: filter.id } : {}),
    ...(filter.lease !== undefined ? { [sandboxLabels.lease]: String(filter.lease) } : {}),
    ...(filter.specHash !== undefined ? { [sandboxLabels.specHash]: filter.specHash } : {}),
  }
  let containers: Docker.ContainerInfo[]
  try {
    containers = await docker.listContainers({
      all: true,
      filters: { label: Object.entries(wanted).map(([key, value]) => `${key}=${value}`) },
    })
  } catch (error) {
    throw new DockerApiError('Listing sandbox containers failed.', { cause: error, details: String(error) })
  }
  return containers
    .map((container) => ({
      id: container.Labels[sandboxLabels.job] ?? container.Id,
      containerId: container.Id,
      state: container.State,
      labels: container.Labels,
      lease: container.Labels[sandboxLabels.lease],
      specHash: container.Labels[sandboxLabels.specHash],
      dir: container.Labels[sandboxLabels.dir],
      createdAt: container.Created * 1000,
    }))
    .sort((a, b) => a.createdAt - b.createdAt)
}
