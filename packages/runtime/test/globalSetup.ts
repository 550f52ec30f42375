import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { type DockerEngine, ensureBusyboxImage, ensureDocker, type Logger } from '../src/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine the tests use (`unix:///…`). */
    dockerHost: string
    /** Where it came from: `hearth` when the set-up found or started Hearth's own daemon. */
    dockerSource: string
    /** The busybox image to run jobs in. */
    busyboxImage: string
  }
}

const print = (level: string) => (context: Record<string, unknown>, message: string) => {
  console.log(`[runtime setup] ${level} ${message} ${JSON.stringify(context)}`)
}
const logger: Logger = { debug: () => {}, info: print('info'), warn: print('warn'), error: print('error') }

let engine: DockerEngine | undefined

/** Finds or starts a Docker engine, and builds the busybox image once for every test file. */
export async function setup(project: TestProject): Promise<void> {
  let started = performance.now()
  engine = await ensureDocker({
    logger,
    ...(process.env.HEARTH_DOCKER_STATE_DIR ? { stateDir: process.env.HEARTH_DOCKER_STATE_DIR } : {}),
  })
  const engineMs = Math.round(performance.now() - started)
  started = performance.now()
  const busybox = await ensureBusyboxImage(engine.docker, { logger })
  const imageMs = Math.round(performance.now() - started)
  console.log(
    `[runtime setup] engine ${engine.host} (${engine.source}, ${engine.startedByUs ? 'started' : 'found'} in ${engineMs} ms); ` +
      `image ${busybox.tag} (${busybox.built ? 'built' : 'cached'} in ${imageMs} ms)`,
  )
  project.provide('dockerHost', engine.host)
  project.provide('dockerSource', engine.source)
  project.provide('busyboxImage', busybox.tag)
}

/** Releases the engine: a daemon Hearth started stops unless another process still uses it. */
export async function teardown(): Promise<void> {
  await engine?.stop()
}
