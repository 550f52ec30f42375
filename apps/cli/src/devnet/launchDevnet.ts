import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DockerEngine, ensureDocker, type Logger } from '@hearth/runtime'
import type { RaytraceAnimation } from '@hearth/workloads'
import { CliError } from '../CliError.js'
import { type RunDemoReturnType, runDemo } from './runDemo.js'
import { type Devnet, type DevnetOptions, startDevnet } from './startDevnet.js'
import { type DevnetIndexer, startDevnetIndexer } from './startDevnetIndexer.js'
import { type DevnetProvider, startDevnetProviders } from './startDevnetProviders.js'

/** Options of {@link launchDevnet}. */
export type LaunchDevnetOptions = Omit<DevnetOptions, 'outFile' | 'onProgress'> & {
  /** The deployment file the agents read (removed on stop). */
  outFile: string
  /** Where provider data dirs (`providers/<name>`) and demo results (`demo/<run>`) go: `.hearth`. */
  dir: string
  /** Provider agents to start; default 3. 0 starts none (and no Docker engine). */
  providers?: number | undefined
  /** Run the demo job once the providers wait; default true (needs at least one provider). */
  demo?: boolean | undefined
  /** The demo's animation; default {@link demoAnimation}. */
  animation?: RaytraceAnimation | undefined
  /** Where a Hearth-started dockerd keeps its state; default `~/.hearth/docker`. */
  dockerStateDir?: string | undefined
  /** The indexer + API + console (a child process, SQLite under `<dir>/indexer`): its port (0: a free
   * one), or false for none. Default port 8600. */
  indexer?: { apiPort: number; apiHost?: string | undefined } | false | undefined
  /** Called with each step, prefixed by the phase. */
  onProgress?: ((line: string) => void) | undefined
  /** Called once the chain is up, the contracts deployed and the indexer listening, before the providers start. */
  onNetwork?: ((devnet: Devnet, indexer: DevnetIndexer | undefined) => void) | undefined
  /** Aborting stops whatever was started and makes the launch reject. */
  signal?: AbortSignal | undefined
}

/** Seconds each phase of a launch took. */
export type LaunchTimings = {
  /** anvil started, contracts deployed, demo accounts funded, deployment written. */
  anvilAndDeployMs: number
  /** A Docker engine found or started. */
  dockerMs: number
  /** The indexer started and its API listening. */
  indexerMs: number
  /** Every provider benchmarked, staked, registered, started and queued. */
  providersMs: number
  /** The demo's phases (absent without a demo). */
  demo?: RunDemoReturnType['timings']
  /** Everything, from the call to the demo verified. */
  totalMs: number
}

/** A launched devnet: the chain, the engine, the agents, the demo's outcome. */
export type LaunchedDevnet = {
  devnet: Devnet
  /** The engine the agents use (absent with no providers). */
  engine: DockerEngine | undefined
  providers: DevnetProvider[]
  /** The indexer and its API (absent with `indexer: false`). */
  indexer: DevnetIndexer | undefined
  /** The demo's outcome, when it ran and succeeded. */
  demo: RunDemoReturnType | undefined
  /** Why the demo failed, when it did (the network keeps running). */
  demoError: string | undefined
  timings: LaunchTimings
  /**
   * Stops everything in order: the agents (SIGTERM; they leave their queues), their job containers,
   * anvil (and the deployment file), then the Docker engine when the devnet started it and nothing
   * else uses it. Safe to call twice.
   */
  stop: () => Promise<void>
}

/**
 * Starts the whole local network `hearth devnet` runs: anvil with Hearth deployed and demo accounts
 * funded ({@link startDevnet}), a Docker engine (found, or started and installed when missing),
 * `providers` provider agents with different hardware declarations ({@link startDevnetProviders}),
 * and the demo job ({@link runDemo}). A demo failure is reported in `demoError`, not thrown: the
 * network stays up for the user to look at.
 *
 * @throws {CliError} when the chain, the engine or a provider cannot start (what started is stopped).
 */
export async function launchDevnet(options: LaunchDevnetOptions): Promise<LaunchedDevnet> {
  const progress = options.onProgress ?? (() => {})
  const providerCount = options.providers ?? 3
  const wantDemo = (options.demo ?? true) && providerCount > 0
  const startedAt = performance.now()
  const cleanups: (() => Promise<void>)[] = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) =>
        progress(`stop: ${error instanceof Error ? error.message : String(error)}`),
      )
    }
  }
  const checkAbort = () => {
    if (options.signal?.aborted) throw new CliError('stopped while starting')
  }

  try {
    let phase = performance.now()
    const devnet = await startDevnet({
      port: options.port,
      host: options.host,
      blockTimeSeconds: options.blockTimeSeconds,
      demoAccounts: Math.max(options.demoAccounts ?? 4, 2 * providerCount),
      outFile: options.outFile,
      onProgress: progress,
    })
    cleanups.push(() => devnet.stop())
    const anvilAndDeployMs = performance.now() - phase
    checkAbort()

    let indexer: DevnetIndexer | undefined
    let indexerMs = 0
    if (options.indexer !== false) {
      phase = performance.now()
      indexer = await startDevnetIndexer({
        deploymentFile: options.outFile,
        dir: join(options.dir, 'indexer'),
        apiPort: options.indexer?.apiPort ?? 8600,
        apiHost: options.indexer?.apiHost,
        signal: options.signal,
      })
      const started = indexer
      cleanups.push(() => started.stop())
      indexerMs = performance.now() - phase
      progress(`indexer: API and console at ${indexer.url}/`)
    }
    options.onNetwork?.(devnet, indexer)
    checkAbort()

    let engine: DockerEngine | undefined
    let dockerMs = 0
    let providers: DevnetProvider[] = []
    let providersMs = 0
    if (providerCount > 0) {
      phase = performance.now()
      const logger = progressLogger(progress, 'docker')
      engine = await ensureDocker({
        logger,
        ...(options.dockerStateDir ? { stateDir: options.dockerStateDir } : {}),
      })
      const running = engine
      cleanups.push(() => running.stop())
      dockerMs = performance.now() - phase
      progress(
        `docker: ${engine.host} (${engine.startedByUs ? 'started by the devnet' : `found: ${engine.source}`})`,
      )
      checkAbort()

      phase = performance.now()
      const accounts = devnet.accounts.filter((a) => a.role.startsWith('provider-')).slice(0, providerCount)
      const started = await startDevnetProviders({
        rpcUrl: devnet.rpcUrl,
        deployment: devnet.deployment,
        deploymentFile: options.outFile,
        accounts,
        engine,
        dir: join(options.dir, 'providers'),
        onProgress: progress,
        signal: options.signal,
      })
      cleanups.push(() => started.stop())
      providers = started.providers
      providersMs = performance.now() - phase
      checkAbort()
    }

    let demo: RunDemoReturnType | undefined
    let demoError: string | undefined
    if (wantDemo && engine) {
      const consumer = devnet.accounts.find((a) => a.role === 'consumer-1')
      const deployer = devnet.accounts.find((a) => a.role === 'deployer')
      if (!consumer || !deployer) throw new CliError('the devnet has no consumer account for the demo')
      try {
        demo = await runDemo({
          rpcUrl: devnet.rpcUrl,
          chain: devnet.chain,
          deployment: devnet.deployment,
          consumer,
          sweeper: deployer,
          providers,
          engine,
          dir: join(options.dir, 'demo'),
          animation: options.animation,
          onProgress: progress,
          // The console's deploy wizard offers the demo image: it reads the devnet file.
          onImage: (tag) => addToDevnetFile(options.outFile, { demoImage: tag }),
          signal: options.signal,
        })
      } catch (error) {
        checkAbort()
        demoError = error instanceof Error ? error.message : String(error)
      }
    }
    return {
      devnet,
      engine,
      providers,
      indexer,
      demo,
      demoError,
      timings: {
        anvilAndDeployMs,
        indexerMs,
        dockerMs,
        providersMs,
        ...(demo ? { demo: demo.timings } : {}),
        totalMs: performance.now() - startedAt,
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** A runtime logger that reports info and above as progress lines. */
function progressLogger(progress: (line: string) => void, prefix: string): Logger {
  const line = (context: Record<string, unknown>, message: string) => {
    const ms = typeof context.ms === 'number' ? ` (${context.ms} ms)` : ''
    progress(`${prefix}: ${message}${ms}`)
  }
  return { debug: () => {}, info: line, warn: line, error: line }
}

/** Adds fields to the devnet's deployment file, if it is still there. */
function addToDevnetFile(file: string, fields: Record<string, string>): void {
  try {
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(file, `${JSON.stringify({ ...written, ...fields }, null, 2)}\n`)
  } catch {
    // Stopped meanwhile: nothing to add to.
  }
}
