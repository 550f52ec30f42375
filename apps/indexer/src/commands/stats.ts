import { parseArgs } from 'node:util'
import type { Io } from '../cli/Io.js'
import { commonOptions, commonUsage, databaseUrl } from '../cli/options.js'
import { openDatabase } from '../db/IndexerDatabase.js'
import { getHardwareInventory } from '../queries/getHardwareInventory.js'
import { getMarketUtilization } from '../queries/getMarketUtilization.js'
import { getNetworkStats } from '../queries/getNetworkStats.js'

const usage = `Usage: hearth indexer stats [options]

Prints the network stats from the index: revenue, compute hours, GPUs and CPUs by model and region,
transactions, jobs, clusters, burn and utilization per market. Amounts are in token base units.

Options:
${commonUsage}`

/** `hearth indexer stats`. */
export async function statsCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: commonOptions, strict: true })
  if (values.help) {
    io.stdout(`${usage}\n`)
    return 0
  }
  const database = await openDatabase({ url: databaseUrl(values, io) })
  try {
    const stats = await getNetworkStats(database.db)
    const hardware = await getHardwareInventory(database.db)
    const markets = await getMarketUtilization(database.db)
    if (values.json) {
      io.stdout(`${JSON.stringify({ stats, hardware, markets }, null, 2)}\n`)
      return 0
    }
    const amounts = (list: { token: string; amount: string }[]) =>
      list.length === 0 ? '0' : list.map((a) => `${a.amount} (${a.token})`).join(', ')
    const lines = [
      `at             ${new Date(stats.at * 1000).toISOString()}`,
      `revenue        ${amounts(stats.revenue)}`,
      `compute        ${stats.computeHours.toFixed(2)} lease-hours, ${stats.gpuHours.toFixed(2)} GPU-hours`,
      `providers      ${stats.providers} (${stats.gpus} GPUs, ${stats.cpuCores} CPU cores), staked ${stats.staked}`,
      `transactions   ${stats.transactions}`,
      `jobs           ${stats.leases} leases (${stats.activeLeases} active, ${stats.jobsFinished} finished), ${stats.clusters} clusters, ${stats.orders} orders`,
      `burned         ${amounts(stats.burned)}`,
      'GPUs:',
      ...hardware.gpus.map(
        (g) => `  ${g.model.padEnd(12)} ${g.region.padEnd(10)} ${g.gpus} GPUs on ${g.providers} providers`,
      ),
      'markets:',
      ...markets.map(
        (m) =>
          `  #${m.market} ${(m.gpuModel || 'cpu').padEnd(12)} ${m.activeLeases} active, ${m.idleSlots} idle, ${(m.utilizationBps / 100).toFixed(1)}% used, price ${m.referencePricePerSecond}/s`,
      ),
    ]
    io.stdout(`${lines.join('\n')}\n`)
    return 0
  } finally {
    await database.close()
  }
}
