import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join, resolve, sep } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type DockerEngine, findSandboxes } from '@hearth/runtime'
import { type HearthDeployment, marketplaceAbi } from '@hearth/sdk'
import { type Address, createPublicClient, type Hex, http } from 'viem'
import { readContract } from 'viem/actions'
import { CliError } from '../CliError.js'
import { providerBin } from '../commands/provider.js'

/** A hardware declaration a devnet provider registers, and the market it serves. */
export type DevnetHardwareProfile = {
  /** For people, e.g. `2× RTX 3090`. */
  label: string
  gpuModel: string
  gpuCount: number
  vramMiB: number
  /** The name of the market it queues in (a deployment market name). */
  market: string
}

/**
 * What the devnet's providers declare, in order (cycled beyond the fourth). The machine has no such
 * GPUs: the agents register them, and run jobs without GPUs (the demo's spec asks for none).
 */
export const devnetHardwareProfiles: readonly DevnetHardwareProfile[] = [
  { label: '1× RTX 4090', gpuModel: 'rtx-4090', gpuCount: 1, vramMiB: 24_564, market: 'rtx-4090 (HEAT)' },
  { label: '2× RTX 3090', gpuModel: 'rtx-3090', gpuCount: 2, vramMiB: 24_576, market: 'rtx-3090 (tUSD)' },
  { label: '1× A100 80GB', gpuModel: 'a100-80gb', gpuCount: 1, vramMiB: 81_920, market: 'a100-80gb (tUSD)' },
  { label: '1× H100 80GB', gpuModel: 'h100-80gb', gpuCount: 1, vramMiB: 81_559, market: 'h100-80gb (tUSD)' },
]

/** A provider agent the devnet runs. */
export type DevnetProvider = {
  /** `provider-1`, … */
  name: string
  address: Address
  hardware: DevnetHardwareProfile
  market: { id: number; name: string }
  /** The provider API, as registered on chain. */
  apiUrl: string
  dataDir: string
  /** The agent's log (JSON lines) and the registration's output. */
  logFile: string
  registerLogFile: string
  /** The agent's process id. */
  pid: number
}

/** Options of {@link startDevnetProviders}. */
export type StartDevnetProvidersOptions = {
  rpcUrl: string
  deployment: HearthDeployment
  /** The deployment file the agents read. */
  deploymentFile: string
  /** The funded accounts to run providers with, one each. */
  accounts: readonly { role: string; address: Address; privateKey: Hex }[]
  /** The Docker engine the agents (and the registration benchmark) use. */
  engine: DockerEngine
  /** Each provider gets `<dir>/<name>` (wiped first: the chain is new). */
  dir: string
  /** Matrix order of the registration benchmark; default 256. */
  benchmarkN?: number | undefined
  onProgress?: ((line: string) => void) | undefined
  signal?: AbortSignal | undefined
}

/** Running provider agents. */
export type DevnetProviders = {
  providers: DevnetProvider[]
  /**
   * Stops every agent (SIGTERM, then SIGKILL after 15 s) and removes the containers of their jobs.
   * Needs the chain still up (an agent leaves its queue on the way out). Safe to call twice.
   */
  stop: () => Promise<void>
}

/**
 * Starts one provider agent per account, as child processes of this one (`hearth-provider`, each in
 * its own process group, so a Ctrl-C reaches only the devnet, which stops them in order): writes each
 * a data dir with its config (its own API port, a hardware declaration from
 * {@link devnetHardwareProfiles}, the market to serve), registers it (benchmark job, stake, register)
 * and starts it, then waits until every one waits in its market's queue.
 *
 * @returns The providers and `stop()`.
 * @throws {CliError} when a provider cannot register or start, naming its log.
 */
export async function startDevnetProviders(options: StartDevnetProvidersOptions): Promise<DevnetProviders> {
  const { deployment, engine, accounts } = options
  const progress = options.onProgress ?? (() => {})
  const publicClient = createPublicClient({ transport: http(options.rpcUrl) })
  const children: { child: ChildProcess; exited: Promise<void> }[] = []
  const addresses = accounts.map((a) => a.address)
  const pidFiles: string[] = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await Promise.all(children.map(({ child, exited }) => terminate(child, exited)))
    await Promise.all(pidFiles.map((file) => rm(file, { force: true })))
    await removeContainers(engine, deployment.chainId, addresses, options.dir)
  }

  try {
    await removeContainers(engine, deployment.chainId, addresses, options.dir)
    // allSettled: a failure must not leave another provider starting behind the stop below.
    const settled = await Promise.allSettled(
      accounts.map(async (account, i) => {
        const hardware = devnetHardwareProfiles[i % devnetHardwareProfiles.length] as DevnetHardwareProfile
        const market = deployment.markets.find((m) => m.name === hardware.market)
        if (!market) throw new CliError(`the deployment has no market "${hardware.market}"`)
        const name = `provider-${i + 1}`
        const dataDir = join(options.dir, name)
        stopStaleAgent(dataDir)
        await rm(dataDir, { recursive: true, force: true })
        await mkdir(dataDir, { recursive: true, mode: 0o700 })
        const port = await freePort()
        const apiUrl = `http://127.0.0.1:${port}`
        // JSON is YAML: the agent reads this as its provider.yaml (reference: apps/provider/README.md).
        const config = {
          rpcUrl: options.rpcUrl,
          deployment: options.deploymentFile,
          api: { host: '127.0.0.1', port, publicUrl: apiUrl },
          declare: {
            region: 'devnet',
            gpuModel: hardware.gpuModel,
            gpuCount: hardware.gpuCount,
            vramMiB: hardware.vramMiB,
          },
          markets: [Number(market.id)],
          docker: engine.host,
          pollIntervalMs: 250,
          withdrawIntervalSeconds: 2,
        }
        await writeFile(join(dataDir, 'provider.yaml'), `${JSON.stringify(config, null, 2)}\n`, {
          mode: 0o600,
        })
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          HEARTH_PRIVATE_KEY: account.privateKey,
          DOCKER_HOST: engine.host,
        }
        delete env.HEARTH_PASSWORD
        const registerLogFile = join(dataDir, 'register.log')
        const logFile = join(dataDir, 'agent.log')
        const base = {
          name,
          address: account.address,
          hardware,
          market: { id: Number(market.id), name: market.name },
          apiUrl,
          dataDir,
          logFile,
          registerLogFile,
        }

        const n = String(options.benchmarkN ?? 256)
        const registered = await runToEnd(
          [providerBin, 'register', '--data-dir', dataDir, '--n', n],
          env,
          registerLogFile,
          options.signal,
        )
        if (registered !== 0)
          throw new CliError(
            `${name} could not register: ${lastLine(registerLogFile)} (log: ${registerLogFile})`,
          )
        progress(`${name} ${account.address}: ${hardware.label} registered (benchmark, stake)`)

        const log = openSync(logFile, 'w')
        const child = spawn(process.execPath, [providerBin, 'start', '--data-dir', dataDir], {
          env,
          stdio: ['ignore', log, log],
          detached: true,
        })
        closeSync(log)
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        children.push({ child, exited })
        if (child.pid !== undefined) {
          await writeFile(join(dataDir, 'agent.pid'), `${child.pid}\n`)
          pidFiles.push(join(dataDir, 'agent.pid'))
        }
        await waitUntilQueued(publicClient, deployment, account.address, Number(market.id), {
          child,
          name,
          logFile,
          signal: options.signal,
        })
        progress(`${name} queued in ${market.name} (API ${apiUrl}, log ${logFile})`)
        return { ...base, pid: child.pid ?? 0 }
      }),
    )
    const failed = settled.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    const providers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    return { providers, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Runs `node <args>` to the end with its output in `logFile`; its exit code. */
async function runToEnd(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const log = openSync(logFile, 'w')
  const child = spawn(process.execPath, [...args], { env, stdio: ['ignore', log, log], detached: true })
  closeSync(log)
  const onAbort = () => child.kill('SIGTERM')
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code) => resolve(code ?? 1))
    })
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

/** Polls the marketplace until `provider` waits in `market`'s queue; fails when its agent exits. */
async function waitUntilQueued(
  client: ReturnType<typeof createPublicClient>,
  deployment: HearthDeployment,
  provider: Address,
  market: number,
  agent: { child: ChildProcess; name: string; logFile: string; signal: AbortSignal | undefined },
): Promise<void> {
  const deadline = Date.now() + 90_000
  for (;;) {
    if (agent.signal?.aborted) throw new CliError('stopped while the providers were starting')
    if (agent.child.exitCode !== null || agent.child.signalCode !== null)
      throw new CliError(
        `${agent.name}'s agent exited while starting: ${lastLine(agent.logFile)} (log: ${agent.logFile})`,
      )
    const entry = await readContract(client, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getQueueEntry',
      args: [provider],
    })
    if (Number(entry.market) === market) return
    if (Date.now() > deadline)
      throw new CliError(
        `${agent.name} did not join market ${market}'s queue in 90 s (log: ${agent.logFile})`,
      )
    await sleep(200)
  }
}

/** SIGTERM, and SIGKILL when the process is still there after 15 s. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/**
 * Removes the job containers of these providers on this chain whose job folder is under `dir` (dev
 * keys and chain id are the same on every devnet: the folder tells this devnet's jobs from another's
 * sharing the engine).
 */
async function removeContainers(
  engine: DockerEngine,
  chainId: number,
  providers: readonly Address[],
  dir: string,
) {
  const under = `${resolve(dir)}${sep}`
  for (const provider of providers) {
    const found = await findSandboxes(engine.docker, {
      labels: { 'hearth.provider': provider.toLowerCase(), 'hearth.chain': String(chainId) },
    })
    for (const sandbox of found.filter((s) => s.dir?.startsWith(under)))
      await engine.docker
        .getContainer(sandbox.containerId)
        .remove({ force: true })
        .catch(() => {})
  }
}

/** An agent a devnet that was killed (not stopped) left running in `dataDir`: stop it. */
function stopStaleAgent(dataDir: string): void {
  const pidFile = join(dataDir, 'agent.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  if (!Number.isSafeInteger(pid) || pid <= 0) return
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (command.includes('hearth-provider')) process.kill(pid, 'SIGKILL')
  } catch {}
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** The last non-empty line of a log file, or a note that it is empty. */
function lastLine(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    return (lines.at(-1) ?? '').replace(/^hearth[- ]provider: /, '') || '(no output)'
  } catch {
    return '(no output)'
  }
}
