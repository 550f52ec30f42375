import { existsSync } from 'node:fs'
import { readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type Docker from 'dockerode'
import {
  collectContainerLogs,
  LogWriter,
  normalizeTimestamp,
  prepareLogFile,
} from './collectContainerLogs.js'
import { BaseError, DockerApiError, SandboxNotFoundError } from './errors.js'
import { createSilentLogger, type Logger } from './Logger.js'
import type { LogEntry } from './readLogs.js'
import { type FollowLogsOptions, followLogs, type LogChunk, readLogs } from './readLogs.js'
import { acquireLock } from './withLock.js'

/**
 * Why a sandbox stopped: it `exited` by itself, was `oom` killed by the kernel for going over its
 * memory limit (State.OOMKilled), ran past its `timeout`, or was `killed` by a stop or kill call.
 */
export type ExitReason = 'exited' | 'oom' | 'timeout' | 'killed'

/** How a sandbox ended. */
export interface SandboxExit {
  /** The exit code of the job's main process (137 for SIGKILL). */
  exitCode: number
  reason: ExitReason
  /** Whether the kernel OOM-killed a process in it, whatever the reason says. */
  oomKilled: boolean
  /** When it started and finished (RFC 3339, from the engine). */
  startedAt: string
  finishedAt: string
  durationMs: number
}

/** Where a sandbox is in its life. */
export type SandboxState = 'created' | 'running' | 'exited' | 'removed'

/** What {@link Sandbox.inspect} returns. */
export interface SandboxStatus {
  state: SandboxState
  /** How it ended, once it has and the exit was recorded. */
  exit: SandboxExit | undefined
}

/** A port of the sandbox published on the host. */
export interface PublishedPort {
  containerPort: number
  protocol: 'tcp' | 'udp'
  hostIp: string
  hostPort: number
}

/** What a {@link Sandbox} is made from: everything the container's labels and the job dir record. */
export interface SandboxParameters {
  /** The job id. */
  id: string
  containerId: string
  /** The host folder of the job (log file, output, state). */
  dir: string
  labels: Readonly<Record<string, string>>
  /** The job's own bridge network, when it exposes ports. */
  network: string | undefined
  timeoutMs: number | undefined
}

/** Options every sandbox takes. */
export interface SandboxOptions {
  logger?: Logger
  /** The clock (ms since the epoch) for the runtime's own log lines and the timeout. Default `Date.now`. */
  now?: () => number
  /** How long a stop (and a timeout) waits after SIGTERM before SIGKILL. Default 3 s. */
  stopGraceMs?: number
  /** How long to wait for another process that supervises the same sandbox to let go. Default 5 s. */
  lockTimeoutMs?: number
}

interface KillRecord {
  reason: 'timeout' | 'killed'
  at: string
}

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`)
  await rename(temporary, path)
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch {
    return undefined
  }
}

/**
 * One job in its container sandbox, and the host folder that outlives it: the append-only log
 * file (JSON Lines of {@link LogEntry}), the output dir, and the recorded exit.
 *
 * Make one with {@link createSandbox} or {@link runJob}, or find one again after a restart with
 * {@link findSandboxes} and {@link attachSandbox}. While a process supervises a sandbox (from
 * `start()` or an attach until it ends or `detach()`), it copies the container's output into the
 * log file, enforces the timeout and records the exit; one process at a time does, by a lock file.
 */
export class Sandbox {
  /** The job id. */
  readonly id: string
  readonly containerId: string
  /** The host folder of the job. */
  readonly dir: string
  /** The job's log file (JSON Lines, see {@link LogEntry}). */
  readonly logPath: string
  /** The host side of the job's output dir: its results. */
  readonly outputDir: string
  readonly labels: Readonly<Record<string, string>>
  readonly timeoutMs: number | undefined
  readonly #docker: Docker
  readonly #container: Docker.Container
  readonly #network: string | undefined
  readonly #logger: Logger
  readonly #now: () => number
  readonly #stopGraceMs: number
  readonly #lockTimeoutMs: number
  readonly #writer: LogWriter
  #supervision: Promise<SandboxExit | undefined> | undefined
  #detach: AbortController | undefined
  #timer: NodeJS.Timeout | undefined

  /** Use {@link createSandbox}, {@link runJob} or {@link attachSandbox} rather than this. */
  constructor(docker: Docker, parameters: SandboxParameters, options: SandboxOptions = {}) {
    this.id = parameters.id
    this.containerId = parameters.containerId
    this.dir = parameters.dir
    this.logPath = join(parameters.dir, 'log.jsonl')
    this.outputDir = join(parameters.dir, 'output')
    this.labels = parameters.labels
    this.timeoutMs = parameters.timeoutMs
    this.#docker = docker
    this.#container = docker.getContainer(parameters.containerId)
    this.#network = parameters.network
    this.#logger = options.logger ?? createSilentLogger()
    this.#now = options.now ?? Date.now
    this.#stopGraceMs = options.stopGraceMs ?? 3_000
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 5_000
    this.#writer = new LogWriter(this.logPath)
  }

  get #exitPath(): string {
    return join(this.dir, 'exit.json')
  }

  get #killPath(): string {
    return join(this.dir, 'kill.json')
  }

  #timestamp(): string {
    return normalizeTimestamp(new Date(this.#now()).toISOString())
  }

  #system(line: string): Promise<void> {
    return this.#writer.append([{ ts: this.#timestamp(), stream: 'system', line }])
  }

  /**
   * Starts the container and supervises it.
   *
   * @throws {DockerApiError} When the engine refuses to start it.
   * @throws {LockTimeoutError} When another process supervises it already.
   */
  async start(): Promise<void> {
    const release = await acquireLock(join(this.dir, 'supervisor.lock'), { timeoutMs: this.#lockTimeoutMs })
    try {
      await this.#container.start()
    } catch (error) {
      await release()
      if (statusCode(error) === 304) return this.#supervise(undefined)
      throw new DockerApiError(`Starting the container of job ${this.id} failed.`, {
        cause: error,
        statusCode: statusCode(error),
        details: String(error),
      })
    }
    await this.#system('started')
    await this.#supervise(release)
  }

  /**
   * Supervises a started container: copies its logs, arms its timeout, records its exit. Takes the
   * supervisor lock first unless the caller holds it (`release`).
   */
  async #supervise(release: (() => Promise<void>) | undefined): Promise<void> {
    if (this.#supervision) {
      await release?.()
      return
    }
    const releaseLock =
      release ?? (await acquireLock(join(this.dir, 'supervisor.lock'), { timeoutMs: this.#lockTimeoutMs }))
    const detach = new AbortController()
    this.#detach = detach
    let resume: Awaited<ReturnType<typeof prepareLogFile>>
    try {
      resume = await prepareLogFile(this.logPath)
    } catch (error) {
      await releaseLock()
      throw error
    }
    this.#supervision = (async () => {
      try {
        const state = (await this.#container.inspect()).State
        this.#armTimeout(state.Running ? state.StartedAt : undefined)
        await collectContainerLogs({
          container: this.#container,
          writer: this.#writer,
          resume,
          signal: detach.signal,
          logger: this.#logger,
        })
        if (detach.signal.aborted) return undefined
        return await this.#recordExit()
      } finally {
        clearTimeout(this.#timer)
        await releaseLock()
      }
    })()
    // A failure surfaces from wait(); keep it from being an unhandled rejection meanwhile.
    this.#supervision.catch((error: unknown) => {
      this.#logger.error({ job: this.id, error: String(error) }, 'supervising the sandbox failed')
    })
  }

  /**
   * Supervises an already started sandbox in this process: what {@link attachSandbox} does after
   * rebuilding it, and what a caller does after `detach()` to take it back.
   *
   * @throws {LockTimeoutError} When another live process supervises it.
   */
  attach(): Promise<void> {
    return this.#supervise(undefined)
  }

  #armTimeout(startedAt: string | undefined): void {
    if (this.timeoutMs === undefined || startedAt === undefined) return
    const remaining = Date.parse(startedAt) + this.timeoutMs - this.#now()
    this.#timer = setTimeout(
      () => {
        this.#terminate('timeout', this.#stopGraceMs).catch((error: unknown) => {
          this.#logger.error(
            { job: this.id, error: String(error) },
            'killing a sandbox at its timeout failed',
          )
        })
      },
      Math.max(0, remaining),
    )
  }

  /**
   * Stops a running job, recording why first (the supervising process, this one or another, reads
   * it when the job exits). Does nothing to a job that is not running.
   */
  async #terminate(reason: KillRecord['reason'], graceMs: number): Promise<void> {
    const { state } = await this.inspect()
    if (state === 'removed') throw new SandboxNotFoundError(`The container of job ${this.id} is gone.`)
    if (state !== 'running') return
    const hadRecord = existsSync(this.#killPath)
    if (!hadRecord)
      await writeJsonAtomically(this.#killPath, { reason, at: this.#timestamp() } satisfies KillRecord)
    await this.#system(
      reason === 'timeout'
        ? `timeout after ${this.timeoutMs} ms: stopping`
        : graceMs > 0
          ? 'stop requested'
          : 'kill requested',
    )
    try {
      if (graceMs > 0) await this.#container.stop({ t: Math.ceil(graceMs / 1000) })
      else await this.#container.kill({ signal: 'SIGKILL' })
    } catch (error) {
      const code = statusCode(error)
      // 304: already stopped; 409: not running. It ended by itself before we stopped it.
      if (code === 304 || code === 409) {
        if (!hadRecord) await unlink(this.#killPath).catch(() => {})
        return
      }
      throw new DockerApiError(`Stopping the container of job ${this.id} failed.`, {
        cause: error,
        statusCode: code,
        details: String(error),
      })
    }
  }

  async #recordExit(): Promise<SandboxExit> {
    const recorded = await readJson<SandboxExit>(this.#exitPath)
    if (recorded) return recorded
    await this.#container.wait({ condition: 'not-running' })
    let inspected = await this.#container.inspect()
    const kill = await readJson<KillRecord>(this.#killPath)
    // A SIGKILL nobody here sent, in a container with a memory limit, is the kernel's OOM killer: the
    // engine learns of the OOM event a moment after the exit, so ask again before deciding; if it
    // still does not say so, the limit and the signal do (a job that SIGKILLs itself is the rare
    // exception it would misname).
    for (let i = 0; i < 5 && !kill && inspected.State.ExitCode === 137 && !inspected.State.OOMKilled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      inspected = await this.#container.inspect()
    }
    const state = inspected.State
    const oom =
      state.OOMKilled || (!kill && state.ExitCode === 137 && (inspected.HostConfig?.Memory ?? 0) > 0)
    const exit: SandboxExit = {
      exitCode: state.ExitCode,
      reason: kill?.reason ?? (oom ? 'oom' : 'exited'),
      oomKilled: state.OOMKilled,
      startedAt: state.StartedAt,
      finishedAt: state.FinishedAt,
      durationMs: Math.max(0, Date.parse(state.FinishedAt) - Date.parse(state.StartedAt)),
    }
    await this.#system(`exited with code ${exit.exitCode} (${exit.reason})`)
    await writeJsonAtomically(this.#exitPath, exit)
    this.#logger.info({ job: this.id, ...exit }, 'sandbox exited')
    return exit
  }

  /**
   * Waits until the job ends and its log is complete.
   *
   * @returns Its exit code and why it ended.
   * @throws {BaseError} When no process supervises it (not started, or detached) and no exit is recorded.
   */
  async wait(): Promise<SandboxExit> {
    if (this.#supervision) {
      const exit = await this.#supervision
      if (exit) return exit
    }
    const recorded = await readJson<SandboxExit>(this.#exitPath)
    if (recorded) return recorded
    throw new BaseError(`Job ${this.id} is not supervised by this process.`, {
      metaMessages: ['Call start(), or attachSandbox() after a restart, before wait().'],
    })
  }

  /** Where the sandbox is in its life, from the engine and the recorded exit. */
  async inspect(): Promise<SandboxStatus> {
    const exit = await readJson<SandboxExit>(this.#exitPath)
    try {
      const { State } = await this.#container.inspect()
      const state: SandboxState = State.Running
        ? 'running'
        : State.Status === 'created'
          ? 'created'
          : 'exited'
      return { state, exit }
    } catch (error) {
      if (statusCode(error) === 404) return { state: 'removed', exit }
      throw new DockerApiError(`Inspecting the container of job ${this.id} failed.`, {
        cause: error,
        statusCode: statusCode(error),
        details: String(error),
      })
    }
  }

  /** The job's exposed ports and where each is published on the host (empty before it starts). */
  async ports(): Promise<PublishedPort[]> {
    const info = await this.#container.inspect()
    const ports = (info.NetworkSettings.Ports ?? {}) as Record<
      string,
      { HostIp: string; HostPort: string }[] | null
    >
    return Object.entries(ports).flatMap(([key, bindings]) => {
      const [port = '0', protocol] = key.split('/')
      return (bindings ?? []).map((binding) => ({
        containerPort: Number(port),
        protocol: protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
        hostIp: binding.HostIp,
        hostPort: Number(binding.HostPort),
      }))
    })
  }

  /**
   * Stops the job: SIGTERM (forwarded by the init process), then SIGKILL after `graceMs`. Its exit
   * reason becomes `killed`. Does nothing to a job that has ended.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    await this.#terminate('killed', options.graceMs ?? this.#stopGraceMs)
  }

  /** Kills the job at once (SIGKILL). Its exit reason becomes `killed`. */
  async kill(): Promise<void> {
    await this.#terminate('killed', 0)
  }

  /**
   * Removes the container (killing it first if it runs, and waiting for its log to be complete when
   * this process supervises it) and its network. The job folder — log, output, exit — stays.
   */
  async remove(): Promise<void> {
    const { state } = await this.inspect()
    if (state === 'running') await this.kill()
    if (this.#supervision) await this.#supervision.catch(() => undefined)
    try {
      await this.#container.remove({ force: true, v: true })
    } catch (error) {
      if (statusCode(error) !== 404) {
        throw new DockerApiError(`Removing the container of job ${this.id} failed.`, {
          cause: error,
          statusCode: statusCode(error),
          details: String(error),
        })
      }
    }
    if (this.#network) {
      await this.#docker
        .getNetwork(this.#network)
        .remove()
        .catch((error: unknown) => {
          if (statusCode(error) !== 404) throw error
        })
    }
  }

  /**
   * Stops supervising without touching the container, which runs on: the log copy and the timeout
   * pause until a process attaches again (see {@link attachSandbox}); nothing printed meanwhile is lost.
   */
  async detach(): Promise<void> {
    clearTimeout(this.#timer)
    this.#detach?.abort()
    await this.#supervision?.catch(() => undefined)
    this.#supervision = undefined
  }

  /** Reads whole log entries from a byte offset (see {@link readLogs}). */
  readLogs(offset = 0): Promise<LogChunk> {
    return readLogs(this.logPath, { offset })
  }

  /**
   * Follows the log from a byte offset until the job's exit is recorded (or `signal` aborts),
   * yielding chunks of entries; each chunk's `nextOffset` resumes a dropped reader exactly.
   */
  logs(options: Omit<FollowLogsOptions, 'isDone'> = {}): AsyncGenerator<LogChunk> {
    return followLogs(this.logPath, { ...options, isDone: () => existsSync(this.#exitPath) })
  }
}
