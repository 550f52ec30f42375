import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Docker from 'dockerode'
import { aptInstall } from './aptInstall.js'
import {
  AptInstallError,
  DockerNotInstalledError,
  DockerStartError,
  DockerUnavailableError,
} from './errors.js'
import { createSilentLogger, type Logger } from './Logger.js'
import { isAlive, type ProcessIdentity, processIdentity } from './processIdentity.js'
import { findExecutable, lastLines } from './runCommand.js'
import { withLock } from './withLock.js'

/** Where the engine {@link ensureDocker} returns came from. */
export type DockerEngineSource = 'option' | 'DOCKER_HOST' | 'hearth' | 'system' | 'podman'

/** Options of {@link ensureDocker}. */
export interface EnsureDockerOptions {
  /**
   * The engine to use (`unix:///path/docker.sock`, `tcp://host:2375`). When set, nothing else is
   * tried and nothing is started.
   */
  host?: string
  /**
   * Where a daemon Hearth starts keeps its images, containers, socket, pidfile and log. Default
   * `~/.hearth/docker`. Every process passing the same folder shares one daemon.
   */
  stateDir?: string
  /**
   * Look for a running engine first: DOCKER_HOST, `/var/run/docker.sock`, Podman's sockets. Default
   * true; false goes straight to the daemon in `stateDir` (starting it when needed).
   */
  discover?: boolean
  /** Install Debian's docker.io with apt-get when `dockerd` is missing. Default true. */
  install?: boolean
  /** The dockerd to start. Default: `dockerd` on PATH (or in the sbin folders). */
  dockerdPath?: string
  /**
   * Start our daemon off the host network: `--bridge=none --iptables=false --ip-forward=false`.
   * Default true. Exposed ports still work (per-job bridge networks, published through
   * docker-proxy), but containers get no route out. False leaves Docker's defaults (docker0, NAT
   * rules in iptables). Applies only when this call starts the daemon.
   */
  isolated?: boolean
  /** More `dockerd` flags for a daemon we start. */
  daemonArgs?: readonly string[]
  /** How long a daemon we start may take to answer. Default 30 s. */
  startTimeoutMs?: number
  /** How long one ping may take before an engine counts as unreachable. Default 2 s. */
  pingTimeoutMs?: number
  /** The environment to read DOCKER_HOST, XDG_RUNTIME_DIR and PATH from. Default `process.env`. */
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

/** A reachable Docker engine. */
export interface DockerEngine {
  /** A dockerode client for it. */
  docker: Docker
  /** Its address: `unix:///…` or `tcp://…`. */
  host: string
  /** Its unix socket, when it listens on one. */
  socketPath: string | undefined
  /** Where it was found. `hearth` is a daemon started by Hearth in `stateDir`. */
  source: DockerEngineSource
  /** Whether this call started the daemon. */
  startedByUs: boolean
  /**
   * Releases the engine. A Hearth daemon (source `hearth`) stops when no other live process still
   * uses it, whichever process started it; an engine Hearth did not start is never stopped.
   */
  stop(): Promise<void>
}

/** The paths of a Hearth-managed daemon. */
export interface DaemonPaths {
  stateDir: string
  dataRoot: string
  execRoot: string
  socketPath: string
  pidFile: string
  logFile: string
  holdersDir: string
  lockFile: string
}

/**
 * The paths a Hearth daemon uses under `stateDir`. Unix socket paths are limited to 107 bytes, and
 * containerd's sockets live under the exec root: a long `stateDir` gets its socket and exec root in
 * a short folder under the temp dir instead, named after a hash of `stateDir`.
 */
export function daemonPaths(stateDir: string): DaemonPaths {
  const runDir =
    stateDir.length <= 48
      ? join(stateDir, 'run')
      : join(tmpdir(), `hearth-docker-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`)
  return {
    stateDir,
    dataRoot: join(stateDir, 'data'),
    execRoot: join(runDir, 'exec'),
    socketPath: join(runDir, 'docker.sock'),
    pidFile: join(stateDir, 'dockerd.pid'),
    logFile: join(stateDir, 'dockerd.log'),
    holdersDir: join(stateDir, 'holders'),
    lockFile: join(stateDir, 'start.lock'),
  }
}

/** The `dockerd` command line for a Hearth daemon. */
export function dockerdArgs(
  paths: DaemonPaths,
  options: { isolated?: boolean; daemonArgs?: readonly string[] } = {},
): string[] {
  return [
    `--data-root=${paths.dataRoot}`,
    `--exec-root=${paths.execRoot}`,
    `--pidfile=${paths.pidFile}`,
    `--host=unix://${paths.socketPath}`,
    ...(options.isolated === false ? [] : ['--bridge=none', '--iptables=false', '--ip-forward=false']),
    ...(options.daemonArgs ?? []),
  ]
}

/** Makes a dockerode client for an engine address. */
export function dockerFromHost(host: string, timeoutMs?: number): Docker {
  const timeout = timeoutMs === undefined ? {} : { timeout: timeoutMs }
  if (host.startsWith('unix://')) return new Docker({ socketPath: host.slice('unix://'.length), ...timeout })
  let url: URL
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`)
  } catch (error) {
    throw new DockerUnavailableError(`"${host}" is not a Docker engine address.`, {
      cause: error,
      metaMessages: ['Use unix:///path/to/docker.sock or tcp://host:port.'],
    })
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    throw new DockerUnavailableError(`Docker engine address "${host}" uses an unsupported scheme.`, {
      metaMessages: ['Use unix:///path/to/docker.sock or tcp://host:port.'],
    })
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http'
  return new Docker({
    host: url.hostname,
    port: url.port || (protocol === 'https' ? 2376 : 2375),
    protocol,
    ...timeout,
  })
}

async function pingHost(host: string, timeoutMs: number): Promise<boolean> {
  if (host.startsWith('unix://') && !existsSync(host.slice('unix://'.length))) return false
  try {
    await dockerFromHost(host, timeoutMs).ping()
    return true
  } catch {
    return false
  }
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Whether `pid` is a live dockerd (so a pidfile naming a reused pid is not believed). */
function isDockerd(pid: number): boolean {
  if (!isAlive({ pid, startTime: undefined })) return false
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith('dockerd') ?? false
  } catch {
    return true
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive({ pid, startTime: undefined })) return true
    await sleep(50)
  }
  return !isAlive({ pid, startTime: undefined })
}

async function terminate(pid: number, logger: Logger): Promise<void> {
  logger.info({ pid }, 'stopping dockerd')
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  if (await waitForExit(pid, 20_000)) return
  logger.warn({ pid }, 'dockerd did not stop in 20 s; killing it')
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
  await waitForExit(pid, 5_000)
}

async function readHolders(holdersDir: string): Promise<{ path: string; alive: boolean }[]> {
  const names = await readdir(holdersDir).catch(() => [] as string[])
  return Promise.all(
    names.map(async (name) => {
      const path = join(holdersDir, name)
      try {
        const holder = JSON.parse(await readFile(path, 'utf8')) as ProcessIdentity
        return { path, alive: isAlive(holder) }
      } catch {
        return { path, alive: false }
      }
    }),
  )
}

async function locateDockerd(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const path = [env.PATH, '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin']
    .filter(Boolean)
    .join(':')
  return findExecutable('dockerd', { ...env, PATH: path })
}

async function installDockerd(env: NodeJS.ProcessEnv, install: boolean, logger: Logger): Promise<string> {
  const fix = 'apt-get install -y --no-install-recommends docker.io'
  if (!install) {
    throw new DockerNotInstalledError('No Docker engine is reachable and dockerd is not installed.', {
      metaMessages: [`Install it (\`${fix}\` as root), or point DOCKER_HOST at a running engine.`],
    })
  }
  logger.info({}, 'dockerd is missing; installing docker.io')
  try {
    await aptInstall(['docker.io'], { env, logger })
  } catch (error) {
    if (!(error instanceof AptInstallError)) throw error
    throw new DockerNotInstalledError('No Docker engine is reachable and dockerd cannot be installed here.', {
      cause: error,
      details: error.message,
      metaMessages: [`Run \`${fix}\` as root, or point DOCKER_HOST at a running engine.`],
    })
  }
  const dockerd = await locateDockerd(env)
  if (!dockerd) throw new DockerNotInstalledError('docker.io was installed but dockerd is still not found.')
  return dockerd
}

interface StartOptions {
  paths: DaemonPaths
  dockerdPath: string | undefined
  env: NodeJS.ProcessEnv
  install: boolean
  isolated: boolean
  daemonArgs: readonly string[]
  startTimeoutMs: number
  pingTimeoutMs: number
  logger: Logger
}

/** Starts our dockerd, or finds it already running. Call under the start lock. */
async function startDaemon(options: StartOptions): Promise<{ startedByUs: boolean }> {
  const { paths, logger } = options
  const host = `unix://${paths.socketPath}`
  const existing = readPid(paths.pidFile)
  if (existing !== undefined && isDockerd(existing)) {
    // Ours, running: it answers, or it is still starting (a process that started it died before
    // it answered), or it hangs.
    const deadline = Date.now() + options.startTimeoutMs
    while (Date.now() < deadline) {
      if (await pingHost(host, options.pingTimeoutMs)) return { startedByUs: false }
      if (!isDockerd(existing)) break
      await sleep(100)
    }
    if (isDockerd(existing)) {
      logger.warn({ pid: existing }, 'our dockerd does not answer; restarting it')
      await terminate(existing, logger)
    }
  }

  const found = options.dockerdPath
    ? await findExecutable(options.dockerdPath, options.env)
    : await locateDockerd(options.env)
  const dockerd = found ?? (await installDockerd(options.env, options.install, logger))
  await mkdir(paths.dataRoot, { recursive: true, mode: 0o710 })
  await mkdir(paths.execRoot, { recursive: true, mode: 0o700 })
  const args = dockerdArgs(paths, { isolated: options.isolated, daemonArgs: options.daemonArgs })
  logger.info({ dockerd, args }, 'starting dockerd')
  const log = openSync(paths.logFile, 'a')
  const started = performance.now()
  // Detached: the daemon (and the containers of running jobs) outlive this process, even kill -9.
  const child: ChildProcess = spawn(dockerd, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env,
  })
  let exited: string | undefined
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`
  })
  child.once('error', (error) => {
    exited = error.message
  })
  child.unref()
  const deadline = Date.now() + options.startTimeoutMs
  while (exited === undefined && Date.now() < deadline) {
    if (await pingHost(host, options.pingTimeoutMs)) {
      logger.info({ pid: child.pid, ms: Math.round(performance.now() - started) }, 'dockerd is ready')
      return { startedByUs: true }
    }
    await sleep(50)
  }
  const tail = lastLines(await readFile(paths.logFile, 'utf8').catch(() => ''), 20)
  if (exited === undefined && child.pid !== undefined) await terminate(child.pid, logger)
  throw new DockerStartError(
    exited === undefined
      ? `dockerd did not answer within ${options.startTimeoutMs} ms.`
      : `dockerd exited while starting (${exited}).`,
    { details: tail, metaMessages: [`Its log: ${paths.logFile}`] },
  )
}

function candidates(env: NodeJS.ProcessEnv): { host: string; source: DockerEngineSource }[] {
  const list: { host: string; source: DockerEngineSource }[] = [
    { host: 'unix:///var/run/docker.sock', source: 'system' },
    { host: 'unix:///run/podman/podman.sock', source: 'podman' },
  ]
  if (env.XDG_RUNTIME_DIR) {
    list.push({ host: `unix://${join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock')}`, source: 'podman' })
  }
  return list
}

function foreignEngine(host: string, source: DockerEngineSource): DockerEngine {
  return {
    docker: dockerFromHost(host),
    host,
    socketPath: host.startsWith('unix://') ? host.slice('unix://'.length) : undefined,
    source,
    startedByUs: false,
    stop: async () => {},
  }
}

/**
 * Returns a reachable Docker engine, starting one when there is none.
 *
 * Tries, in order, `host` (alone, when given); DOCKER_HOST; a daemon Hearth already runs in
 * `stateDir`; `/var/run/docker.sock`; Podman's sockets. When none answers a ping, starts `dockerd`
 * in the background with its own data root, exec root, pidfile and socket under `stateDir`
 * (installing docker.io with apt-get first when dockerd is missing), off the host network unless
 * `isolated` is false, and waits until it answers. Concurrent calls, in one process or many, share
 * one daemon: starting is serialized by a lock file, and a running daemon is found by its pidfile.
 * The daemon is detached, so it and its containers outlive the process that started it.
 *
 * @returns The engine, and `stop()` to release it.
 * @throws {DockerUnavailableError} When `host` is given and does not answer.
 * @throws {DockerNotInstalledError} When dockerd is missing and cannot be installed (not root, no apt-get).
 * @throws {DockerStartError} When the daemon we start exits or does not answer in time.
 */
export async function ensureDocker(options: EnsureDockerOptions = {}): Promise<DockerEngine> {
  const {
    env = process.env,
    logger = createSilentLogger(),
    discover = true,
    pingTimeoutMs = 2_000,
    startTimeoutMs = 30_000,
  } = options

  if (options.host !== undefined) {
    if (!(await pingHost(options.host, pingTimeoutMs))) {
      throw new DockerUnavailableError(`The Docker engine at ${options.host} does not answer.`)
    }
    return foreignEngine(options.host, 'option')
  }

  if (discover && env.DOCKER_HOST) {
    if (await pingHost(env.DOCKER_HOST, pingTimeoutMs)) return foreignEngine(env.DOCKER_HOST, 'DOCKER_HOST')
    logger.warn({ host: env.DOCKER_HOST }, 'DOCKER_HOST does not answer; looking for another engine')
  }

  const paths = daemonPaths(options.stateDir ?? join(homedir(), '.hearth', 'docker'))
  const ownHost = `unix://${paths.socketPath}`
  const ownPid = readPid(paths.pidFile)
  const ownRunning = ownPid !== undefined && isDockerd(ownPid)
  if (discover && !ownRunning) {
    for (const candidate of candidates(env)) {
      if (await pingHost(candidate.host, pingTimeoutMs))
        return foreignEngine(candidate.host, candidate.source)
    }
  }

  await mkdir(paths.holdersDir, { recursive: true })
  const holderPath = join(paths.holdersDir, `${process.pid}-${randomUUID()}.json`)
  const { startedByUs } = await withLock(
    paths.lockFile,
    async () => {
      const result = await startDaemon({
        paths,
        dockerdPath: options.dockerdPath,
        env,
        logger,
        install: options.install ?? true,
        isolated: options.isolated ?? true,
        daemonArgs: options.daemonArgs ?? [],
        startTimeoutMs,
        pingTimeoutMs,
      })
      // Registered under the lock, so a concurrent stop() sees it before deciding to stop.
      await writeFile(holderPath, JSON.stringify(processIdentity()))
      return result
    },
    { timeoutMs: startTimeoutMs * 2 + 60_000 },
  )

  let stopped = false
  return {
    docker: dockerFromHost(ownHost),
    host: ownHost,
    socketPath: paths.socketPath,
    source: 'hearth',
    startedByUs,
    stop: async () => {
      if (stopped) return
      stopped = true
      await withLock(paths.lockFile, async () => {
        await unlink(holderPath).catch(() => {})
        const holders = await readHolders(paths.holdersDir)
        await Promise.all(holders.filter((h) => !h.alive).map((h) => unlink(h.path).catch(() => {})))
        if (holders.some((h) => h.alive)) {
          logger.debug({}, 'dockerd is still used by another process; leaving it running')
          return
        }
        const pid = readPid(paths.pidFile)
        if (pid !== undefined && isDockerd(pid)) await terminate(pid, logger)
      })
    },
  }
}
