import { CloseReason } from '@hearth/sdk'
import type { SandboxExit } from './Sandbox.js'

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 120) return `${seconds}s`
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`
  return `${Math.round(seconds / 3600)}h`
}

/**
 * Why a job ended, in words a user understands: `out of memory: the job used more than its 512 MiB
 * limit`, `exited with code 3`, `timed out after 2h`. `undefined` for a clean exit.
 */
export function describeExit(
  exit: SandboxExit,
  limits: { memoryBytes?: number | undefined; timeoutMs?: number | undefined },
): string | undefined {
  if (exit.reason === 'oom' || exit.oomKilled) {
    return limits.memoryBytes === undefined
      ? 'out of memory: the job went over its memory limit'
      : `out of memory: the job used more than its ${mib(limits.memoryBytes)} limit`
  }
  if (exit.reason === 'timeout') {
    return `timed out after ${limits.timeoutMs === undefined ? duration(exit.durationMs) : duration(limits.timeoutMs)}`
  }
  if (exit.reason === 'killed') return `stopped by the provider (exit code ${exit.exitCode})`
  if (exit.exitCode !== 0) return `exited with code ${exit.exitCode}`
  return undefined
}

/** Why a lease closed on chain, in words. */
export function describeCloseReason(reason: number): string {
  switch (reason) {
    case CloseReason.ByConsumer:
      return 'closed by the consumer'
    case CloseReason.ByProvider:
      return 'closed by the provider'
    case CloseReason.JobFinished:
      return 'the job finished'
    case CloseReason.OutOfFunds:
      return 'lease ran out of funds'
    case CloseReason.FailedVerification:
      return 'closed by a verifier: the result failed verification'
    case CloseReason.ProviderGone:
      return 'closed by a verifier: the provider was unreachable'
    case CloseReason.JobFailed:
      return 'the job failed'
    default:
      return `closed (reason ${reason})`
  }
}
