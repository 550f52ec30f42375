import { type DockerEngine, ensureDocker, type Logger } from '@hearth/runtime'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { ensureMatmulImage } from '../src/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine the tests use (`unix:///…`). */
    dockerHost: string
    /** The matmul benchmark image, built once for every test file. */
    matmulImage: string
  }
}

const print = (level: string) => (context: Record<string, unknown>, message: string) => {
  console.log(`[workloads setup] ${level} ${message} ${JSON.stringify(context)}`)
}
const logger: Logger = { debug: () => {}, info: print('info'), warn: print('warn'), error: print('error') }

let engine: DockerEngine | undefined

/** Finds or starts a Docker engine, and builds the matmul image once for every test file. */
export async function setup(project: TestProject): Promise<void> {
  let started = performance.now()
  engine = await ensureDocker({
    logger,
    ...(process.env.HEARTH_DOCKER_STATE_DIR ? { stateDir: process.env.HEARTH_DOCKER_STATE_DIR } : {}),
  })
  const engineMs = Math.round(performance.now() - started)
  started = performance.now()
  const matmul = await ensureMatmulImage(engine.docker, { logger })
  const imageMs = Math.round(performance.now() - started)
  console.log(
    `[workloads setup] engine ${engine.host} (${engine.source}, ${engine.startedByUs ? 'started' : 'found'} in ${engineMs} ms); ` +
      `image ${matmul.tag} (${matmul.built ? 'built' : 'cached'} in ${imageMs} ms)`,
  )
  project.provide('dockerHost', engine.host)
  project.provide('matmulImage', matmul.tag)
}

/** Releases the engine: a daemon Hearth started stops unless another process still uses it. */
export async function teardown(): Promise<void> {
  await engine?.stop()
}
