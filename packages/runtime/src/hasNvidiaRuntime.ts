import type Docker from 'dockerode'
import { findExecutable } from './runCommand.js'

/** What {@link hasNvidiaRuntime} found. */
export interface NvidiaRuntimeSupport {
  /** Whether GPU device requests (driver `nvidia`) can work on this engine. */
  available: boolean
  /** How it was decided, for error messages. */
  reason: string
}

/**
 * Whether the engine can pass NVIDIA GPUs into containers: it lists an `nvidia` runtime (the NVIDIA
 * Container Toolkit registered with Docker), or the toolkit's `nvidia-container-runtime-hook`,
 * which Docker's `nvidia` device requests call, is on this host's PATH.
 */
export async function hasNvidiaRuntime(
  docker: Docker,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<NvidiaRuntimeSupport> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> }
  const runtimes = Object.keys(info.Runtimes ?? {})
  if (runtimes.includes('nvidia')) return { available: true, reason: 'the engine lists an nvidia runtime' }
  const env = options.env ?? process.env
  const hook = await findExecutable('nvidia-container-runtime-hook', {
    PATH: `${env.PATH ?? ''}:/usr/bin:/usr/local/bin`,
  })
  if (hook) return { available: true, reason: `${hook} is installed` }
  return {
    available: false,
    reason: `engine runtimes: ${runtimes.join(', ') || 'none'}; no nvidia-container-runtime-hook on PATH`,
  }
}
