import type Docker from 'dockerode'

/**
 * Pulls an image from its registry into the engine and waits until the pull has finished.
 * @param docker - The engine.
 * @param image - The image reference, e.g. `debian:bookworm-slim` or `ghcr.io/org/app:1.2`.
 * @throws The engine's error when the image cannot be pulled (unknown image, no registry access).
 */
export async function pullImage(docker: Docker, image: string): Promise<void> {
  const stream = await docker.pull(image)
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()))
  })
}
