import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, totalmem } from 'node:os'
import { providerRegistryAbi } from '@hearth/abi'
import { type DockerEngine, ensureDocker, hasNvidiaRuntime } from '@hearth/runtime'
import type { HearthDeployment } from '@hearth/sdk'
import { serve } from '@hono/node-server'
import type { Logger as PinoLogger } from 'pino'
import type { Account } from 'viem'
import { readContract } from 'viem/actions'
import { Agent, type AgentHardware } from './Agent.js'
import { createProviderApi } from './api/createProviderApi.js'
import { chainClients, walletFor } from './chain/chainClients.js'
import type { LoadedConfig } from './config.js'
import { AgentStateError } from './errors.js'
import { defaultProbeEnvironment, probeHardware } from './hardware/index.js'
import { createAgentMetrics } from './metrics.js'
import { agentVersion } from './version.js'

/** Options of {@link runAgent}. */
export type RunAgentOptions = {
  config: LoadedConfig
  account: Account
  logger: PinoLogger
  /** The engine to use; default from `config.docker` (found or started). */
  engine?: DockerEngine
  /** What the machine offers; default probed (GPUs passed through only with the NVIDIA runtime). */
  hardware?: AgentHardware
}

/** A running agent and its API server. */
export type RunningAgent = {
  agent: Agent
  /** Where the API listens, e.g. `http://127.0.0.1:8443`. */
  url: string
  deployment: HearthDeployment
  /** Stops the API and the agent (containers run on) and releases the engine. */
  stop: () => Promise<void>
}

/**
 * Starts the provider agent: reads the deployment, connects to the chain, finds or starts the Docker
 * engine, checks the provider is registered, rebuilds the agent's state (re-attaching running
 * jobs) and serves the provider API.
 *
 * @throws {AgentStateError} when the account is not registered as a provider.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunningAgent> {
  const { config, account, logger } = options
  const { deployment, publicClient, chain } = await chainClients(config)
  const walletClient = walletFor(config, chain, account)

  const provider = await readContract(publicClient, {
    abi: providerRegistryAbi,
    address: deployment.contracts.providerRegistry,
    functionName: 'getProvider',
    args: [account.address],
  })
  if (provider.status === 0) {
    throw new AgentStateError(
      `${account.address} is not registered as a provider on chain ${deployment.chainId}.`,
      ['Run `hearth provider register` first.'],
    )
  }

  const engine =
    options.engine ??
    (await ensureDocker({ logger, ...(config.docker === 'auto' ? {} : { host: config.docker }) }))
  const hardware =
    options.hardware ?? (await detectAgentHardware(engine, provider.hardware.gpuCount, config.dataDir))
  if (hardware.declaredGpus > hardware.gpuDeviceIds.length) {
    logger.warn(
      { declared: hardware.declaredGpus, passable: hardware.gpuDeviceIds.length },
      'this provider declares more GPUs than it can pass to containers: GPU jobs run without GPUs',
    )
  }
  const metrics = createAgentMetrics()
  const agent = new Agent({
    config,
    deployment,
    publicClient,
    walletClient,
    docker: engine.docker,
    hardware,
    logger,
    metrics,
  })
  await agent.start()
  const api = createProviderApi({ agent, deployment, publicClient, metrics, logger, version: agentVersion })
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: api.app.fetch, hostname: config.api.host, port: config.api.port }, () =>
      resolve(s as Server),
    ) as Server
    s.once('error', reject)
  })
  api.attach(server)
  const { port } = server.address() as AddressInfo
  const host = config.api.host === '0.0.0.0' || config.api.host === '::' ? '127.0.0.1' : config.api.host
  const url = `http://${host}:${port}`
  logger.info(
    { url, provider: agent.address, markets: agent.markets.map((m) => m.id) },
    'provider API listening',
  )

  let stopped = false
  return {
    agent,
    url,
    deployment,
    async stop() {
      if (stopped) return
      stopped = true
      api.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await agent.stop()
      // A daemon the agent started runs the jobs: stopping it would kill them. It is released only
      // when no lease is active; otherwise it keeps running for the next start to take them back.
      if (!options.engine && agent.activeLeases() === 0) await engine.stop()
      else if (!options.engine)
        logger.info({ host: engine.host }, 'leaving the Docker engine running for the active jobs')
    },
  }
}

/** What this machine offers the agent: GPUs the engine can pass through, CPU cores and memory. */
export async function detectAgentHardware(
  engine: DockerEngine,
  declaredGpus: number,
  dataDir: string,
): Promise<AgentHardware> {
  const nvidia = await hasNvidiaRuntime(engine.docker)
  let gpuDeviceIds: string[] = []
  if (nvidia.available) {
    const report = await probeHardware(defaultProbeEnvironment({ dataDir }))
    gpuDeviceIds = report.gpus.filter((g) => g.vendor === 'nvidia').map((g) => g.uuid ?? String(g.index))
  }
  return {
    gpuDeviceIds,
    declaredGpus,
    cpuCores: cpus().length,
    ramMiB: Math.floor(totalmem() / (1024 * 1024)),
  }
}
