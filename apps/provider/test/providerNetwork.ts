// Test helpers: a real anvil with Hearth deployed, a registered CPU-only provider whose agent runs
// in this process (or as a child process), and a funded consumer who opens leases and talks to the
// provider API with access tokens.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { marketplaceAbi } from '@hearth/abi'
import { type DockerEngine, ensureDocker, findSandboxes } from '@hearth/runtime'
import {
  type AccessScope,
  deployHearth,
  faucet,
  GpuVendor,
  type HearthDeployment,
  hashJobSpec,
  openLease,
  registerProvider,
  SupplySource,
  serializeDeployment,
  signAccessToken,
  toBytes32String,
  transferToken,
} from '@hearth/sdk'
import { type StartAnvilReturnType, startAnvil } from '@hearth/sdk/node'
import type Docker from 'dockerode'
import { pino } from 'pino'
import {
  type Account,
  type Chain,
  type Client,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
  type Transport,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { loadConfig, type ProviderConfigInput, writeConfig } from '../src/config.js'
import { type RunningAgent, runAgent } from '../src/runAgent.js'

export type Wallet = Client<Transport, Chain, Account>

/** A running anvil with Hearth deployed, and what the tests need around it. */
export type ProviderNetwork = {
  node: StartAnvilReturnType
  deployment: HearthDeployment
  deploymentPath: string
  publicClient: ReturnType<typeof createPublicClient>
  testClient: ReturnType<typeof createTestClient>
  wallet: (index: number) => Wallet
  privateKey: (index: number) => `0x${string}`
  /** The CPU-only market paid in tUSD. */
  cpuMarket: number
  dir: string
  stop: () => Promise<void>
}

/** Starts anvil, deploys Hearth and writes the deployment file. */
export async function startProviderNetwork(): Promise<ProviderNetwork> {
  const node = await startAnvil({ port: 0 })
  const dir = await mkdtemp(join(tmpdir(), 'hearth-provider-test-'))
  const transport = http(node.rpcUrl)
  const pollingInterval = 50
  const publicClient = createPublicClient({ chain: node.chain, transport, pollingInterval })
  const testClient = createTestClient({ chain: node.chain, mode: 'anvil', transport, pollingInterval })
  const wallets = new Map<number, Wallet>()
  const privateKey = (index: number) => {
    const key = node.accounts[index]?.privateKey
    if (!key) throw new RangeError(`no dev account ${index}`)
    return key
  }
  const wallet = (index: number): Wallet => {
    const known = wallets.get(index)
    if (known) return known
    const client = createWalletClient({
      account: privateKeyToAccount(privateKey(index)),
      chain: node.chain,
      transport,
      pollingInterval,
    })
    wallets.set(index, client)
    return client
  }
  const deployment = await deployHearth(wallet(0), publicClient)
  const deploymentPath = join(dir, 'deployment.json')
  await writeFile(deploymentPath, serializeDeployment(deployment))
  const cpu = deployment.markets.find((m) => m.name.startsWith('cpu'))
  if (!cpu) throw new Error('no CPU market in the default deployment')
  return {
    node,
    deployment,
    deploymentPath,
    publicClient,
    testClient,
    wallet,
    privateKey,
    cpuMarket: Number(cpu.id),
    dir,
    async stop() {
      await node.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Gives dev account `index` tUSD from the faucet and HEAT from the deployer. */
export async function fund(network: ProviderNetwork, index: number): Promise<void> {
  await faucet(network.wallet(index), { deployment: network.deployment, amount: 10_000_000_000n })
  await transferToken(network.wallet(0), {
    token: network.deployment.contracts.hearthToken,
    to: network.wallet(index).account.address,
    amount: parseEther('100000'),
  })
}

/** Registers dev account `index` as a CPU-only provider (this machine's cores and memory). */
export async function registerCpuProvider(network: ProviderNetwork, index: number): Promise<void> {
  await fund(network, index)
  await registerProvider(network.wallet(index), {
    deployment: network.deployment,
    hardware: {
      gpuVendor: GpuVendor.None,
      gpuModel: toBytes32String(''),
      gpuCount: 0,
      vramMiB: 0,
      cpuCores: cpus().length,
      ramMiB: Math.floor(totalmem() / 2 ** 20),
      diskGiB: 500,
      bandwidthMbps: 1000,
      region: toBytes32String('eu-west'),
      complianceTags: 0n,
      supplySource: SupplySource.Home,
      benchmarkGflops: 10,
    },
    endpoint: 'http://127.0.0.1:0',
  })
}

/** Writes a provider data dir (config pointing at the network) and returns its config path. */
export async function writeProviderConfig(
  network: ProviderNetwork,
  name: string,
  overrides: Partial<ProviderConfigInput> = {},
): Promise<string> {
  const dataDir = join(network.dir, name)
  const configPath = join(dataDir, 'provider.yaml')
  await writeConfig(configPath, {
    rpcUrl: network.node.rpcUrl,
    deployment: network.deploymentPath,
    api: { host: '127.0.0.1', port: 0 },
    markets: [network.cpuMarket],
    pollIntervalMs: 100,
    withdrawIntervalSeconds: 0,
    ...overrides,
  })
  return configPath
}

/** Starts the agent of dev account `index` in this process. */
export async function startAgentInProcess(
  network: ProviderNetwork,
  index: number,
  configPath: string,
  dockerHost: string,
): Promise<RunningAgent & { engine: DockerEngine }> {
  const engine = await ensureDocker({ host: dockerHost })
  const logger = pino({ level: process.env.HEARTH_TEST_LOG ?? 'silent' })
  const running = await runAgent({
    config: await loadConfig(configPath),
    account: privateKeyToAccount(network.privateKey(index)),
    logger,
    engine,
  })
  return { ...running, engine }
}

/** A job spec running a shell command in the busybox image. */
export function shellSpec(image: string, script: string, extra: Record<string, unknown> = {}) {
  return { version: 1, image, command: ['sh', '-c', script], ...extra }
}

/**
 * The consumer (dev account `index`) opens a lease in the CPU market for `spec`, and gets a token
 * for the provider API.
 */
export async function openLeaseFor(
  network: ProviderNetwork,
  index: number,
  spec: unknown,
  options: { deposit?: bigint } = {},
): Promise<{
  lease: bigint
  provider: `0x${string}`
  token: (scope?: readonly AccessScope[] | 'all') => Promise<string>
}> {
  const consumer = network.wallet(index)
  const opened = await openLease(consumer, {
    deployment: network.deployment,
    market: network.cpuMarket,
    deposit: options.deposit ?? 10_000_000n,
    specHash: hashJobSpec(spec),
  })
  return {
    lease: opened.leaseId,
    provider: opened.provider,
    token: (scope = 'all') =>
      signAccessToken(consumer, {
        marketplace: network.deployment.contracts.marketplace,
        lease: opened.leaseId,
        provider: opened.provider,
        scope,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      }),
  }
}

/** Polls `check` every 100 ms until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The `LeaseClosed` event of a lease (its reason, refund and result hash), once it closed. */
export async function closeEvent(network: ProviderNetwork, lease: bigint) {
  const logs = await network.publicClient.getContractEvents({
    abi: marketplaceAbi,
    address: network.deployment.contracts.marketplace,
    eventName: 'LeaseClosed',
    args: { lease },
    fromBlock: 0n,
  })
  return logs[0]?.args
}

/** The market a provider is queued in (`true` once it is in `market`, or in any when not given). */
export async function queuedIn(
  network: ProviderNetwork,
  provider: `0x${string}`,
  market?: number,
): Promise<true | undefined> {
  const entry = await network.publicClient.readContract({
    abi: marketplaceAbi,
    address: network.deployment.contracts.marketplace,
    functionName: 'getQueueEntry',
    args: [provider],
  })
  const queued = Number(entry.market)
  return queued !== 0 && (market === undefined || queued === market) ? true : undefined
}

/**
 * The job containers of a lease that agents of this test network made: other networks on the same
 * engine (tests, devnets) reuse the dev keys, the chain id and the lease numbers; only the job folder,
 * under the network's temp dir, tells them apart.
 */
export async function jobsOf(network: ProviderNetwork, docker: Docker, lease: bigint) {
  return (await findSandboxes(docker, { lease })).filter((found) => found.dir?.startsWith(network.dir))
}
