import { marketplaceAbi, providerRegistryAbi } from '@hearth/abi'
import { fromBytes32String, getLease, getWithdrawable, LeaseState } from '@hearth/sdk'
import { type Address, erc20Abi, formatEther, formatUnits } from 'viem'
import { readContract } from 'viem/actions'
import { chainClients } from '../chain/chainClients.js'
import { providerLeases, providerWithdrawals } from '../chain/providerLeases.js'
import type { Io } from '../cli/Io.js'
import { LeaseJournal } from '../lease/LeaseJournal.js'
import { helpRequested, loadCommandConfig, loadProviderAccount, parseCommand, printJson } from './common.js'

const usage = `Usage: hearth provider status [--data-dir DIR] [--json]

Shows the provider's stake, reputation, hardware and queue place from the chain, and every lease with
what the agent did with it (from its journal), what it earned and what is left to withdraw.`

type TokenInfo = { symbol: string; decimals: number }

/** `hearth provider status`. */
export async function statusCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, {})
  if (helpRequested(values, io, usage)) return 0
  const config = await loadCommandConfig(values, io)
  const account = await loadProviderAccount(config, io)
  const { deployment, publicClient } = await chainClients(config)
  const me = account.address
  const provider = await readContract(publicClient, {
    abi: providerRegistryAbi,
    address: deployment.contracts.providerRegistry,
    functionName: 'getProvider',
    args: [me],
  })
  const queue = await readContract(publicClient, {
    abi: marketplaceAbi,
    address: deployment.contracts.marketplace,
    functionName: 'getQueueEntry',
    args: [me],
  })
  const journal = new LeaseJournal(config.dataDir)
  await journal.load()
  const tokens = new Map<number, TokenInfo & { token: Address }>()
  const tokenOf = async (market: number) => {
    const known = tokens.get(market)
    if (known) return known
    const { config: mc } = await readContract(publicClient, {
      abi: marketplaceAbi,
      address: deployment.contracts.marketplace,
      functionName: 'getMarket',
      args: [market],
    })
    const [symbol, decimals] = await Promise.all([
      readContract(publicClient, { abi: erc20Abi, address: mc.token, functionName: 'symbol' }),
      readContract(publicClient, { abi: erc20Abi, address: mc.token, functionName: 'decimals' }),
    ])
    const info = { token: mc.token, symbol, decimals }
    tokens.set(market, info)
    return info
  }
  const withdrawn = new Map<string, bigint>()
  for (const w of await providerWithdrawals(publicClient, { deployment, provider: me })) {
    withdrawn.set(String(w.lease), (withdrawn.get(String(w.lease)) ?? 0n) + w.amount)
  }
  const leases = []
  const totals = new Map<string, { symbol: string; decimals: number; earned: bigint; withdrawable: bigint }>()
  for (const opened of await providerLeases(publicClient, { deployment, provider: me })) {
    const onChain = await getLease(publicClient, { deployment, leaseId: opened.lease })
    const withdrawable = await getWithdrawable(publicClient, { deployment, leaseId: opened.lease })
    const token = await tokenOf(opened.market)
    const paid = withdrawn.get(String(opened.lease)) ?? 0n
    const record = journal.get(opened.lease)
    const total = totals.get(token.symbol) ?? {
      symbol: token.symbol,
      decimals: token.decimals,
      earned: 0n,
      withdrawable: 0n,
    }
    total.earned += paid
    total.withdrawable += withdrawable
    totals.set(token.symbol, total)
    leases.push({
      lease: opened.lease,
      consumer: opened.consumer,
      market: opened.market,
      onChain: onChain.state === LeaseState.Active ? 'active' : 'closed',
      job: record?.state ?? 'unknown to this agent',
      reason: record?.reason,
      resultHash: record?.resultHash,
      pricePerHour: `${formatUnits(opened.pricePerSecond * 3600n, token.decimals)} ${token.symbol}`,
      withdrawn: `${formatUnits(paid, token.decimals)} ${token.symbol}`,
      withdrawable: `${formatUnits(withdrawable, token.decimals)} ${token.symbol}`,
    })
  }
  const summary = {
    provider: me,
    registered: provider.status !== 0,
    endpoint: provider.endpoint,
    stake: `${formatEther(provider.stake)} HEAT`,
    unbonding: `${formatEther(provider.unbonding)} HEAT`,
    reputation: provider.reputation,
    hardware: {
      gpuModel: fromBytes32String(provider.hardware.gpuModel) || 'none',
      gpuCount: provider.hardware.gpuCount,
      vramMiB: provider.hardware.vramMiB,
      cpuCores: provider.hardware.cpuCores,
      ramMiB: provider.hardware.ramMiB,
      region: fromBytes32String(provider.hardware.region),
      benchmarkGflops: provider.hardware.benchmarkGflops,
    },
    queue: Number(queue.market) === 0 ? null : { market: Number(queue.market), slots: queue.slots },
    earnings: [...totals.values()].map((t) => ({
      token: t.symbol,
      withdrawn: formatUnits(t.earned, t.decimals),
      withdrawable: formatUnits(t.withdrawable, t.decimals),
    })),
    leases,
  }
  if (values.json) {
    printJson(io, summary)
    return 0
  }
  if (!summary.registered) {
    io.stdout(`${me} is not registered yet: run \`hearth provider register\`.\n`)
    return 0
  }
  const hw = summary.hardware
  io.stdout(
    [
      `Provider   ${me}  (${summary.endpoint})`,
      `Stake      ${summary.stake}${provider.unbonding > 0n ? `, ${summary.unbonding} unbonding` : ''}`,
      `Reputation ${summary.reputation} points (+1000 per job done, ×2/3 per failure)`,
      `Hardware   ${hw.gpuCount > 0 ? `${hw.gpuCount} × ${hw.gpuModel} (${hw.vramMiB} MiB)` : 'CPU only'}, ${hw.cpuCores} cores, ${hw.ramMiB} MiB RAM, ${hw.benchmarkGflops} GFLOPS${hw.region ? `, ${hw.region}` : ''}`,
      `Queue      ${summary.queue ? `market ${summary.queue.market}, ${summary.queue.slots} slot(s) offered` : 'not queued'}`,
      `Earnings   ${summary.earnings.length === 0 ? 'none yet' : summary.earnings.map((e) => `${e.withdrawn} ${e.token} withdrawn, ${e.withdrawable} ${e.token} to withdraw`).join('; ')}`,
      '',
      leases.length === 0
        ? 'No leases yet.'
        : leases
            .map(
              (l) =>
                `Lease ${l.lease}  market ${l.market}  ${l.onChain}/${l.job}${l.reason ? ` (${l.reason})` : ''}  ${l.pricePerHour}/h  withdrawn ${l.withdrawn}`,
            )
            .join('\n'),
      '',
    ].join('\n'),
  )
  return 0
}
