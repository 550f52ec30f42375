import { type DockerEngine, ensureBusyboxImage, ensureDocker } from '@hearth/runtime'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine the provider agent runs jobs in (`unix:///…`). */
    cliDockerHost: string
    /** The busybox image the test jobs run in. */
    cliBusyboxImage: string
  }
}

let engine: DockerEngine | undefined

/** Finds or starts a Docker engine and builds the busybox image once. */
export async function setup(project: TestProject): Promise<void> {
  engine = await ensureDocker({
    ...(process.env.HEARTH_DOCKER_STATE_DIR ? { stateDir: process.env.HEARTH_DOCKER_STATE_DIR } : {}),
  })
  const busybox = await ensureBusyboxImage(engine.docker)
  project.provide('cliDockerHost', engine.host)
  project.provide('cliBusyboxImage', busybox.tag)
}

/** Releases the engine: a daemon Hearth started stops unless another process still uses it. */
export async function teardown(): Promise<void> {
  await engine?.stop()
}
