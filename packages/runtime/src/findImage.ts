import type Docker from 'dockerode'
import { DockerApiError } from './errors.js'

/**
 * Looks an image up in the engine (never in a registry).
 *
 * @returns Its id, or undefined when the engine does not have it.
 * @throws {DockerApiError} When the engine fails otherwise.
 */
export async function findImage(docker: Docker, reference: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(reference).inspect()).Id
  } catch (error) {
    const statusCode = (error as { statusCode?: number }).statusCode
    if (statusCode === 404) return undefined
    throw new DockerApiError(`Inspecting image ${reference} failed.`, {
      cause: error,
      statusCode,
      details: String(error),
    })
  }
}
