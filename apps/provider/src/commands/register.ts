import { providerRegistryAbi } from '@hearth/abi'
import { GpuVendor, getRequiredStake, getTokenBalance, registerProvider, toBytes32String } from '@hearth/sdk'
import { formatEther, parseEther } from 'viem'
import { getBalance, readContract } from 'viem/actions'
import { chainClients, walletFor } from '../chain/chainClients.js'
import { CliError, type Io } from '../cli/Io.js'
import { checkMinimumSpec, readMinimumSpec, toOnChainHardware } from '../hardware/index.js'
import { measureGflops } from './benchmark.js'
import { helpRequested, loadCommandConfig, loadProviderAccount, parseCommand, printJson } from './common.js'
import { probeThisMachine, supplySourceOf } from './probeThisMachine.js'

const usage = `Usage: hearth provider register [--stake <HEAT>] [--n 1024] [--data-dir DIR] [--json]

Probes the hardware, runs the benchmark job (Freivalds-checked), checks the network minimum, stakes
HEAT and registers this machine with its endpoint. Declared values in provider.yaml (region, supply
source, bandwidth, and GPU overrides for a devnet) go on chain with the probed ones.`

/** `hearth provider register`. */
export async function registerCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, {
    stake: { type: 'string' },
    n: { type: 'string', default: '512' },
    'skip-benchmark': { type: 'boolean', default: false },
  })
  if (helpRequested(values, io, usage)) return 0
  const config = await loadCommandConfig(values, io)
  const account = await loadProviderAccount(config, io)
  const { deployment, publicClient, chain } = await chainClients(config)
  const existing = await readContract(publicClient, {
    abi: providerRegistryAbi,
    address: deployment.contracts.providerRegistry,
    functionName: 'getProvider',
    args: [account.address],
  })
  if (existing.status !== 0) {
    throw new CliError(
      `${account.address} is already registered (stake ${formatEther(existing.stake)} HEAT): run \`hearth provider start\``,
    )
  }
  const report = await probeThisMachine(config.dataDir)
  const benchmark = values['skip-benchmark']
    ? undefined
    : await measureGflops(config.dataDir, Number(values.n), io)
  const { declare } = config
  const { hardware: probed, notes } = toOnChainHardware(report, {
    region: declare.region,
    complianceTags: declare.complianceTags.reduce((mask, bit) => mask | (1n << BigInt(bit)), 0n),
    supplySource: supplySourceOf(config),
    bandwidthMbps: declare.bandwidthMbps,
    benchmarkGflops: Math.round(benchmark?.gflops ?? 0),
  })
  const hardware = {
    ...probed,
    ...(declare.gpuModel !== undefined
      ? {
          gpuModel: toBytes32String(declare.gpuModel),
          gpuVendor: probed.gpuVendor === GpuVendor.None ? GpuVendor.Nvidia : probed.gpuVendor,
        }
      : {}),
    ...(declare.gpuCount !== undefined ? { gpuCount: declare.gpuCount } : {}),
    ...(declare.vramMiB !== undefined ? { vramMiB: declare.vramMiB } : {}),
  }
  const check = checkMinimumSpec(
    hardware,
    await readMinimumSpec(publicClient, deployment.contracts.providerRegistry),
  )
  if (!check.ok)
    throw new CliError(
      `this machine does not meet the network minimum: ${check.problems.map((p) => p.message).join('; ')}`,
    )
  const required = await getRequiredStake(publicClient, { deployment, hardware })
  const stake = typeof values.stake === 'string' ? parseEther(values.stake) : required
  if (stake < required)
    throw new CliError(
      `--stake ${values.stake} HEAT is below the ${formatEther(required)} HEAT this hardware requires`,
    )
  // Say what is missing, with the numbers, rather than let the approval or the stake revert.
  const [heat, gas] = await Promise.all([
    getTokenBalance(publicClient, { token: deployment.contracts.hearthToken, owner: account.address }),
    getBalance(publicClient, { address: account.address }),
  ])
  const short: string[] = []
  if (heat < stake)
    short.push(
      `${formatEther(stake)} HEAT for the stake (it holds ${formatEther(heat)}, short by ${formatEther(stake - heat)})`,
    )
  if (gas === 0n) short.push('ETH for gas (it holds none)')
  if (short.length > 0)
    throw new CliError(
      `${account.address} needs ${short.join(' and ')}; on a local network: \`hearth fund ${account.address}\``,
    )
  const endpoint = config.api.publicUrl ?? `http://127.0.0.1:${config.api.port}`
  const result = await registerProvider(walletFor(config, chain, account), {
    deployment,
    hardware,
    endpoint,
    stake,
  })
  const summary = {
    provider: account.address,
    endpoint,
    stake: formatEther(result.stake),
    benchmarkGflops: hardware.benchmarkGflops,
    gpus: hardware.gpuCount,
    tx: result.hash,
    notes,
  }
  if (values.json) printJson(io, summary)
  else {
    io.stdout(
      `Registered ${account.address}: ${hardware.gpuCount > 0 ? `${hardware.gpuCount} GPU(s)` : 'CPU only'}, ${hardware.benchmarkGflops} GFLOPS, staked ${summary.stake} HEAT, endpoint ${endpoint} (tx ${result.hash}).\n` +
        `${notes.map((n) => `${n}\n`).join('')}Next: \`hearth provider start\`.\n`,
    )
  }
  return 0
}
