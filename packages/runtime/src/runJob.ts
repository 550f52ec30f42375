import type Docker from 'dockerode'
import { type CreateSandboxOptions, createSandbox } from './createSandbox.js'
import type { Sandbox } from './Sandbox.js'
import type { SandboxSpec } from './SandboxSpec.js'

/** Options of {@link runJob}. */
export type RunJobOptions = CreateSandboxOptions

/** What {@link runJob} returns: the running, supervised sandbox. */
export type RunJobReturnType = Sandbox

/**
 * Creates a job's sandbox and starts it: its output streams into the job's log file, its timeout
 * is armed. `await (await runJob(…)).wait()` runs a job to the end.
 *
 * @example
 * const job = await runJob(docker, { image: busybox.tag, command: ['sh', '-c', 'echo hi > /output/a'] }, { dir })
 * const { exitCode, reason } = await job.wait()
 * const { root } = await hashResults(job.outputDir)
 *
 * @throws See {@link createSandbox} and {@link Sandbox.start}.
 */
export async function runJob(
  docker: Docker,
  spec: SandboxSpec,
  options: RunJobOptions,
): Promise<RunJobReturnType> {
  const sandbox = await createSandbox(docker, spec, options)
  try {
    await sandbox.start()
  } catch (error) {
    await sandbox.remove().catch(() => {})
    throw error
  }
  return sandbox
}
