import { type DockerEngine, ensureBusyboxImage, ensureDocker, type Logger } from '@hearth/runtime'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine the agent's tests use (`unix:///…`). */
    providerDockerHost: string
    /** The busybox image jobs run in. */
    providerBusyboxImage: string
  }
}

const print = (level: string) => (context: Record<string, unknown>, message: string) => {
  console.log(`[provider setup] ${level} ${message} ${JSON.stringify(context)}`)
}
const logger: Logger = { debug: () => {}, info: print('info'), warn: print('warn'), error: print('error') }

let engine: DockerEngine | undefined

/** Finds or starts a Docker engine (installing docker.io when missing) and builds the busybox image once. */
export async function setup(project: TestProject): Promise<void> {
  engine = await ensureDocker({
    logger,
    ...(process.env.HEARTH_DOCKER_STATE_DIR ? { stateDir: process.env.HEARTH_DOCKER_STATE_DIR } : {}),
  })
  const busybox = await ensureBusyboxImage(engine.docker, { logger })
  project.provide('providerDockerHost', engine.host)
  project.provide('providerBusyboxImage', busybox.tag)
}

/** Releases the engine: a daemon Hearth started stops unless another process still uses it. */
export async function teardown(): Promise<void> {
  await engine?.stop()
}
