import type { Address, Hex } from 'viem'

/** Where a lease's job is, as its provider runs it. */
export type ProviderLeaseState = 'awaiting-spec' | 'starting' | 'running' | 'finished' | 'failed' | 'closed'

/** A lease as its provider's agent runs it (`GET /v1/leases/:lease`). */
export type ProviderLeaseStatus = {
  lease: bigint
  consumer: Address
  market: number
  specHash: Hex
  state: ProviderLeaseState
  /** Why it failed or closed, in words a user understands (e.g. `exited with code 3`). */
  reason?: string
  exitCode?: number
  /** The result hash recorded on chain, once the job finished. */
  resultHash?: Hex
  /** Unix time (seconds) the container started. */
  startedAt?: number
  /** Unix time (seconds) the job ended. */
  finishedAt?: number
  /** The job's exposed ports. */
  ports: readonly { port: number; protocol?: string; hostPort?: number; url?: string }[]
  /** Bytes of log so far. */
  logsBytes: number
}

/** One line of a job's log, with where it sits in the log (resume from `next`). */
export type LogRecord = {
  /** Byte offset of the entry in the lease's log. */
  offset: number
  /** Byte offset right after it: pass it back to resume without a gap or a repeat. */
  next: number
  /** ISO time the line was written. */
  ts: string
  /** `system` lines come from the provider (pulling, starting, exit). */
  stream: 'stdout' | 'stderr' | 'system'
  line: string
}

/** One file of a result manifest. */
export type ResultManifestFile = {
  /** Relative path, `/`-separated. */
  path: string
  kind: 'file' | 'symlink'
  /** Size in bytes. */
  size: number
  /** sha256 of the content, lowercase hex without `0x`. */
  sha256: string
}

/** A lease's result manifest (`GET /v1/leases/:lease/results`). */
export type ResultManifest = {
  /** The root hash over every entry, `0x`-prefixed: what the provider recorded on chain. */
  root: Hex
  files: readonly ResultManifestFile[]
}

/** What a provider's `GET /v1/health` says. */
export type ProviderHealth = {
  provider: Address
  chainId: number
  marketplace: Address
  version: string
  /** Leases starting or running now. */
  leases: number
}

/** How a followed log ended: the job's final state and the offset after its last line. */
export type LogsEnd = {
  /** The offset after the last record: where a later read would start. */
  next: number
  /** The job's state when its log ended (`finished`, `failed` or `closed`). */
  state: ProviderLeaseState | undefined
  /** Why, when it failed or closed. */
  reason: string | undefined
}
