// Indexer API latency (p50/p99/max) at a fixed 500 requests/s on /v1/stats and /v1/leases/:id.
//
// A real anvil with the contracts, a small network story (providers queued, leases opened, some
// topped up and closed, an order with bids) indexed into SQLite; the API served in this process on
// loopback, as `hearth indexer start` serves it. The load generator is open-loop: request i is due at
// start + i/rate whatever happened before, and its latency is counted from when it was due (so a
// stall counts against every request it delays), over node:http keep-alive connections.
// Run with `npx tsx bench/api-latency.ts`. HEARTH_BENCH_RATE and HEARTH_BENCH_SECONDS change the load.
// Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeLease, openLease, topUp } from '@hearth/sdk'
import { keccak256, toHex } from 'viem'
import { Indexer, openDatabase, serveIndexerApi } from '../apps/indexer/src/index.js'
import { fund, queuedProvider, startTestNetwork } from '../packages/sdk/src/_test/testNetwork.js'

const rate = Number(process.env.HEARTH_BENCH_RATE ?? 500)
const seconds = Number(process.env.HEARTH_BENCH_SECONDS ?? 10)

const tmp = mkdtempSync(join(tmpdir(), 'hearth-api-bench-'))
const network = await startTestNetwork()
const { deployment } = network
const market = network.market('rtx-4090 (tUSD)')
const leases: bigint[] = []
for (let p = 1; p <= 4; p++) await queuedProvider(network, p, market)
await fund(network, 9)
const consumer = network.wallet(9)
const specHash = keccak256(toHex('bench job'))
for (let i = 0; i < 4; i++) {
  const lease = await openLease(consumer, { deployment, market, deposit: 83n * 3600n, specHash })
  leases.push(lease.leaseId)
  await topUp(consumer, { deployment, leaseId: lease.leaseId, amount: 83n * 60n })
  await network.testClient.increaseTime({ seconds: 900 })
  await network.testClient.mine({ blocks: 1 })
  if (i % 2 === 0) await closeLease(consumer, { deployment, leaseId: lease.leaseId })
}
const database = await openDatabase({ url: join(tmp, 'index.sqlite') })
const served = await serveIndexerApi({
  db: database.db,
  port: 0,
  rateLimit: { ratePerSecond: rate * 10, burst: rate * 10 },
})
const indexer = new Indexer({
  database,
  client: network.publicClient,
  deployment,
  onApplied: served.api.applied,
})
const polled = await indexer.poll()
const stats = await (await fetch(`${served.url}/v1/stats`)).json()
console.log(
  `index: ${polled.events} events up to block ${polled.cursor}; ${stats.providers} providers, ${stats.leases} leases`,
)

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
const { port } = served

function request(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume()
      res.once('end', () => resolve(res.statusCode ?? 0))
    })
    req.once('error', reject)
  })
}

type Result = {
  path: string
  sent: number
  errors: number
  p50: number
  p99: number
  max: number
  achieved: number
}

async function load(path: string): Promise<Result> {
  // Warm up: JIT, the statement cache, the connections.
  for (let i = 0; i < 200; i++) await request(path)
  const total = Math.round(rate * seconds)
  const latencies: number[] = []
  let errors = 0
  const start = performance.now()
  const pending: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    // Counted from when it was due, or from when it was sent if the timer fired early.
    const from = Math.min(due, performance.now())
    pending.push(
      request(path).then(
        (status) => {
          if (status !== 200) errors += 1
          latencies.push(performance.now() - from)
        },
        () => {
          errors += 1
        },
      ),
    )
  }
  await Promise.all(pending)
  const elapsed = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return {
    path,
    sent: total,
    errors,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    achieved: total / elapsed,
  }
}

const results: Result[] = []
for (const path of ['/v1/stats', `/v1/leases/${leases[1]}`]) results.push(await load(path))

console.log(
  `\nAPI latency at ${rate} requests/s for ${seconds} s each, open loop, loopback keep-alive (target p99 ≤ 10 ms)`,
)
for (const r of results) {
  console.log(
    `  ${r.path.padEnd(16)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(2)} ms  (${r.sent} requests, ${r.achieved.toFixed(0)}/s, ${r.errors} errors)`,
  )
}

agent.destroy()
await served.close()
await database.close()
await network.node.stop()
rmSync(tmp, { recursive: true, force: true })
