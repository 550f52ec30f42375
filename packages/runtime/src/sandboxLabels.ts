/**
 * The labels every sandbox container carries, so an agent finds its containers again after a
 * restart (with {@link findSandboxes}) and knows what each one is.
 */
export const sandboxLabels = {
  /** `true` on every container the runtime creates. */
  managed: 'hearth.managed',
  /** The job id (the container is named `hearth-<job id>`). */
  job: 'hearth.job',
  /** The lease the job runs for, when it has one. */
  lease: 'hearth.lease',
  /** The hash of the spec it runs (the caller's, or {@link hashSandboxSpec}). */
  specHash: 'hearth.spec-hash',
  /** The host folder holding its log, output and state. */
  dir: 'hearth.dir',
  /** Its timeout, so a re-attached sandbox is still killed on time. */
  timeoutMs: 'hearth.timeout-ms',
  /** The bridge network made for its ports, removed with it. */
  network: 'hearth.network',
} as const

/** The container name of a job. */
export function containerName(jobId: string): string {
  return `hearth-${jobId}`
}
