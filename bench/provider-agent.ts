// Figures of the provider agent (apps/provider) on a local network: anvil (automine) with the real
// contracts, a real Docker engine, the agent as its own process (`hearth-provider start`).
//   1. Lease opened on chain → container running: median (and p90) over 20 leases, each a consumer
//      opening a lease, sending its spec to the provider API as soon as the agent knows the lease.
//   2. Agent idle RSS and CPU with 0 and with 10 running leases (target ≤ 80 MB, ≤ 1% CPU).
// Run with `npx tsx bench/provider-agent.ts` (as root, like the tests). Prints figures; asserts nothing.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  eventually,
  fund,
  openLeaseFor,
  type ProviderNetwork,
  shellSpec,
  startProviderNetwork,
  writeProviderConfig,
} from '../apps/provider/test/providerNetwork.js'
import {
  dockerFromHost,
  ensureBusyboxImage,
  ensureDocker,
  findSandboxes,
} from '../packages/runtime/src/index.js'
import {
  faucet,
  GpuVendor,
  registerProvider,
  SupplySource,
  toBytes32String,
} from '../packages/sdk/src/index.js'

const bin =
  process.env.HEARTH_PROVIDER_BIN ??
  fileURLToPath(new URL('../apps/provider/bin/hearth-provider.mjs', import.meta.url))
// HEARTH_AGENT_NODE_ARGS: extra node flags for the agent, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
const nodeArgs = (process.env.HEARTH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean)
const engine = await ensureDocker()
const image = (await ensureBusyboxImage(engine.docker)).tag
const docker = dockerFromHost(engine.host)
const ticksPerSecond = 100 // USER_HZ on Linux

function startAgent(configPath: string, privateKey: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, bin, 'start', '--config', configPath, '--log-level', 'warn'],
    {
      env: { ...process.env, HEARTH_PRIVATE_KEY: privateKey, DOCKER_HOST: engine.host },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let output = ''
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      output += String(chunk)
      const match = /serving (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve({ child, url: match[1] })
    })
    child.on('exit', (code) => reject(new Error(`agent exited ${code}: ${output}`)))
  })
}

/** RSS (MB) and CPU time (s) of a process, from /proc. */
function usage(pid: number): { rssMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  return { rssMb: rssKb / 1024, cpuSeconds: ticks / ticksPerSecond }
}

async function idle(pid: number, seconds: number): Promise<{ rssMb: number; cpuPercent: number }> {
  const before = usage(pid)
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const after = usage(pid)
  return { rssMb: after.rssMb, cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100 }
}

async function registerWithSlots(network: ProviderNetwork, index: number, gpus: number): Promise<void> {
  await fund(network, index)
  await registerProvider(network.wallet(index), {
    deployment: network.deployment,
    hardware: {
      gpuVendor: gpus > 0 ? GpuVendor.Nvidia : GpuVendor.None,
      gpuModel: toBytes32String(gpus > 0 ? 'rtx-4090' : ''),
      gpuCount: gpus,
      vramMiB: gpus > 0 ? 24_564 : 0,
      cpuCores: 2,
      ramMiB: 24_000,
      diskGiB: 500,
      bandwidthMbps: 1000,
      region: toBytes32String('eu-west'),
      complianceTags: 0n,
      supplySource: SupplySource.Home,
      benchmarkGflops: 90,
    },
    endpoint: 'http://127.0.0.1:0',
  })
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

const phases = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['latency', 'idle'])
const network = await startProviderNetwork()
const children: ChildProcess[] = []

async function latency(): Promise<void> {
  // 1. Lease opened → container running, one CPU slot, 20 leases in a row.
  await registerWithSlots(network, 1, 0)
  const cpuConfig = await writeProviderConfig(network, 'bench-latency', { pollIntervalMs: 250 })
  const cpuAgent = await startAgent(cpuConfig, network.privateKey(1))
  children.push(cpuAgent.child)
  const latencies: number[] = []
  for (let i = 0; i < 20; i++) {
    const spec = shellSpec(image, `echo run ${i}; sleep 0.2`)
    await eventually(
      async () => {
        const entry = await network.publicClient.readContract({
          abi: (await import('../packages/abi/src/index.js')).marketplaceAbi,
          address: network.deployment.contracts.marketplace,
          functionName: 'getQueueEntry',
          args: [network.wallet(1).account.address],
        })
        return Number(entry.market) !== 0 ? true : undefined
      },
      30_000,
      'the agent to queue',
    )
    const opened = performance.now()
    const { lease, token } = await openLeaseFor(network, 2, spec)
    const all = await token()
    await eventually(
      async () => {
        const response = await fetch(`${cpuAgent.url}/v1/leases/${lease}/spec`, {
          method: 'PUT',
          headers: { authorization: `Hearth ${all}` },
          body: JSON.stringify(spec),
        })
        return response.status === 202 ? true : undefined
      },
      10_000,
      'the spec to be accepted',
    )
    await eventually(
      async () => {
        const [found] = (await findSandboxes(docker, { lease })).filter((s) => s.dir?.startsWith(network.dir))
        return found && found.state !== 'created' ? true : undefined
      },
      20_000,
      'the container to run',
    )
    latencies.push(performance.now() - opened)
  }
  console.log(
    `lease opened → container running (20 leases, poll 250 ms): median ${percentile(latencies, 50).toFixed(0)} ms, ` +
      `p90 ${percentile(latencies, 90).toFixed(0)} ms, min ${Math.min(...latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
  )
}

async function idleCost(): Promise<void> {
  // 2. Idle cost: a provider with ten slots (ten GPUs declared), first empty, then with ten leases running.
  await registerWithSlots(network, 3, 10)
  const rtxMarket = Number(network.deployment.markets.find((m) => m.name.startsWith('rtx-4090'))?.id)
  const bigConfig = await writeProviderConfig(network, 'bench-idle', {
    markets: [rtxMarket],
    pollIntervalMs: Number(process.env.POLL ?? 1000),
  })
  const big = await startAgent(bigConfig, network.privateKey(3))
  children.push(big.child)
  const pid = big.child.pid ?? 0
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  const empty = await idle(pid, 30)
  console.log(
    `agent idle, 0 leases:  RSS ${empty.rssMb.toFixed(1)} MB, CPU ${empty.cpuPercent.toFixed(2)}% (30 s, poll 1 s)`,
  )
  if (phases.has('no-leases')) return

  const { openLease, hashJobSpec, signAccessToken } = await import('../packages/sdk/src/index.js')
  for (let i = 0; i < 10; i++) {
    const spec = shellSpec(image, `echo lease ${i}; sleep 3600`)
    const opened = await openLease(network.wallet(2), {
      deployment: network.deployment,
      market: rtxMarket,
      deposit: 10_000_000n,
      specHash: hashJobSpec(spec),
    })
    const token = await signAccessToken(network.wallet(2), {
      marketplace: network.deployment.contracts.marketplace,
      lease: opened.leaseId,
      provider: opened.provider,
      scope: 'all',
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    })
    await eventually(
      async () => {
        const response = await fetch(`${big.url}/v1/leases/${opened.leaseId}/spec`, {
          method: 'PUT',
          headers: { authorization: `Hearth ${token}` },
          body: JSON.stringify(spec),
        })
        return response.status === 202 ? true : undefined
      },
      20_000,
      'the spec to be accepted',
    )
  }
  await eventually(
    async () => {
      const running = (
        await findSandboxes(docker, {
          labels: { 'hearth.provider': network.wallet(3).account.address.toLowerCase() },
        })
      ).filter((s) => s.state === 'running')
      return running.length === 10 ? true : undefined
    },
    60_000,
    'ten jobs to run',
  )
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  const busy = await idle(pid, 30)
  console.log(
    `agent idle, 10 leases: RSS ${busy.rssMb.toFixed(1)} MB, CPU ${busy.cpuPercent.toFixed(2)}% (30 s, poll 1 s)`,
  )
}

try {
  await faucet(network.wallet(2), { deployment: network.deployment, amount: 10_000_000_000n })
  if (phases.has('latency')) await latency()
  if (phases.has('idle') || phases.has('no-leases')) await idleCost()
} finally {
  for (const child of children) child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  for (const found of await findSandboxes(docker, {})) {
    if (found.labels['hearth.provider'])
      await docker
        .getContainer(found.containerId)
        .remove({ force: true })
        .catch(() => {})
  }
  await network.stop()
  await engine.stop()
}
