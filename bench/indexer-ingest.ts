// Indexer ingest rate (events/s) into SQLite and into PostgreSQL, on a synthetic chain of ≥ 100k events.
//
// The chain is synthetic: logs ABI-encoded with the contracts' real ABIs (viem's encodeEventTopics /
// encodeAbiParameters) for a plausible history — 5 markets, 1000 providers registering and queueing,
// then three leases a block (12 s blocks), each opened with its tUSD deposit transfer, a third topped
// up, paid out and closed with refund transfers; reverse auctions with three bids; hourly price updates
// and fee sweeps with burns. The logs are generated once, before timing, and then go through the
// follower's own path: the log decoder, then applyBatch (one transaction per batch of blocks), exactly
// as `hearth indexer start` applies what eth_getLogs returns. RPC time is not included.
//
// Two modes: catching up (blocks older than the reorg window: no undo log, the usual case when an
// indexer starts on an existing chain) and at the tip (every block undo-logged and its hash kept).
// Run with `npx tsx bench/indexer-ingest.ts` (as root, like the tests: PostgreSQL runs as `postgres`).
// Prints figures; asserts nothing. HEARTH_BENCH_EVENTS sets the chain size (default 100 000).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Abi,
  type AbiEvent,
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  type Hex,
  keccak256,
  numberToHex,
  zeroAddress,
} from 'viem'
import {
  applyBatch,
  createLogDecoder,
  getNetworkStats,
  openDatabase,
  type RawLog,
} from '../apps/indexer/src/index.js'
import { startThrowawayPostgres } from '../apps/indexer/test/throwawayPostgres.js'
import {
  auctionsAbi,
  hearthTokenAbi,
  marketplaceAbi,
  providerRegistryAbi,
  testStablecoinAbi,
} from '../packages/abi/src/index.js'
import { type HearthDeployment, toBytes32String } from '../packages/sdk/src/index.js'

const targetEvents = Number(process.env.HEARTH_BENCH_EVENTS ?? 100_000)
const blocksPerBatch = 500
const blockSeconds = 12

const address = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}` as Address
const deployment: HearthDeployment = {
  chainId: 31337,
  deployBlock: 1n,
  contracts: {
    hearthToken: address(0xa1),
    providerRegistry: address(0xa2),
    marketplace: address(0xa3),
    auctions: address(0xa4),
    marketLens: address(0xa5),
    testStablecoin: address(0xa6),
  },
  treasury: address(0xa7),
  markets: [],
}
const {
  hearthToken: heat,
  providerRegistry: registry,
  marketplace,
  auctions,
  testStablecoin,
} = deployment.contracts
const usd = testStablecoin as Address

// ---------------------------------------------------------------- the synthetic chain

let seed = 42
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}

const logs: RawLog[] = []
let block = 1
let logIndex = 0
let txCount = 0
let tx: Hex = '0x'
const startTime = 1_750_000_000
const newTx = () => {
  tx = keccak256(numberToHex(++txCount))
}
const blockHash = (n: number) => keccak256(numberToHex(n, { size: 32 }))

function emit(contract: Address, abi: Abi, eventName: string, args: Record<string, unknown>) {
  const event = abi.find((item): item is AbiEvent => item.type === 'event' && item.name === eventName)
  if (!event) throw new Error(`no event ${eventName}`)
  const topics = encodeEventTopics({ abi: [event], eventName, args } as never) as Hex[]
  const data = event.inputs.filter((input) => !input.indexed)
  logs.push({
    address: contract,
    topics,
    data: encodeAbiParameters(
      data,
      data.map((input) => args[input.name ?? '']),
    ),
    blockNumber: block,
    blockHash: blockHash(block),
    logIndex: logIndex++,
    transactionHash: tx,
    blockTimestamp: startTime + block * blockSeconds,
  })
}
const nextBlock = () => {
  block += 1
  logIndex = 0
}
const transfer = (token: Address, from: Address, to: Address, value: bigint) =>
  emit(token, token === heat ? hearthTokenAbi : testStablecoinAbi, 'Transfer', { from, to, value })

const markets = [
  { id: 1, model: 'rtx-4090', price: 83n, vram: 24_000 },
  { id: 2, model: 'rtx-3090', price: 50n, vram: 24_000 },
  { id: 3, model: 'a100-80gb', price: 305n, vram: 80_000 },
  { id: 4, model: 'h100-80gb', price: 555n, vram: 80_000 },
  { id: 5, model: '', price: 11n, vram: 0 },
]
for (const m of markets) {
  newTx()
  emit(marketplace, marketplaceAbi, 'MarketCreated', {
    market: m.id,
    config: {
      gpuModel: toBytes32String(m.model),
      token: usd,
      minVramMiB: m.vram,
      gpusPerLease: m.model ? 1 : 0,
      targetUtilizationBps: 8000,
      referencePricePerSecond: m.price,
      minPricePerSecond: m.price / 10n || 1n,
      maxPricePerSecond: m.price * 10n,
    },
  })
}
nextBlock()

const regions = ['eu-west', 'us-east', 'us-west', 'ap-south', 'sa-east']
const providers: { address: Address; market: (typeof markets)[number]; slots: number }[] = []
for (let i = 0; i < 1000; i++) {
  const market = markets[i % markets.length] as (typeof markets)[number]
  const provider = address(0x10_000 + i)
  newTx()
  transfer(heat, provider, registry, 10n ** 21n)
  emit(registry, providerRegistryAbi, 'ProviderRegistered', {
    provider,
    hardware: {
      gpuVendor: market.model ? 1 : 0,
      gpuModel: toBytes32String(market.model),
      gpuCount: market.model ? 1 + (i % 8) : 0,
      vramMiB: market.vram ? market.vram + 1000 : 0,
      cpuCores: 16,
      ramMiB: 65_536,
      diskGiB: 1000,
      bandwidthMbps: 1000,
      region: toBytes32String(regions[i % regions.length] as string),
      complianceTags: 4n,
      supplySource: i % 3,
      benchmarkGflops: 80_000,
    },
    endpoint: `https://p${i}.example:8443`,
    stake: 10n ** 21n,
  })
  newTx()
  emit(marketplace, marketplaceAbi, 'ProviderQueued', {
    market: market.id,
    provider,
    slots: 4,
    reputation: 0,
  })
  providers.push({ address: provider, market, slots: 4 })
  if (i % 20 === 19) nextBlock()
}
nextBlock()

type Running = {
  id: bigint
  provider: (typeof providers)[number]
  price: bigint
  closeAt: number
  topUpAt: number
  opened: number
  funded: number
}
let leaseCount = 0n
let orderCount = 0n
const running: Running[] = []
const consumers = Array.from({ length: 200 }, (_, i) => address(0x20_000 + i))
const feesOwed = { usd: 0n }

function openTake(provider: (typeof providers)[number]) {
  const consumer = consumers[Math.floor(random() * consumers.length)] as Address
  const price = provider.market.price
  const duration = 3600 + Math.floor(random() * 7200)
  const deposit = price * BigInt(duration)
  newTx()
  if (provider.slots === 1)
    emit(marketplace, marketplaceAbi, 'ProviderDequeued', {
      market: provider.market.id,
      provider: provider.address,
    })
  provider.slots -= 1
  const id = ++leaseCount
  emit(marketplace, marketplaceAbi, 'LeaseOpened', {
    lease: id,
    consumer,
    provider: provider.address,
    market: provider.market.id,
    tier: 0,
    pricePerSecond: price,
    deposit,
    specHash: keccak256(numberToHex(id)),
    order: 0n,
    cluster: 0n,
  })
  transfer(usd, consumer, marketplace, deposit)
  const now = startTime + block * blockSeconds
  running.push({
    id,
    provider,
    price,
    opened: now,
    funded: now + duration,
    closeAt: block + Math.floor((duration * (0.5 + random() * 0.5)) / blockSeconds),
    topUpAt: random() < 0.33 ? block + Math.floor(duration / blockSeconds / 3) : -1,
  })
}

function auction() {
  const market = markets[Math.floor(random() * 4)] as (typeof markets)[number]
  const consumer = consumers[Math.floor(random() * consumers.length)] as Address
  const id = ++orderCount
  newTx()
  emit(auctions, auctionsAbi, 'OrderCreated', {
    order: id,
    consumer,
    market: market.id,
    maxPricePerSecond: market.price,
    durationSeconds: 3600n,
    biddingEndsAt: startTime + (block + 25) * blockSeconds,
    deposit: market.price * 3600n,
    specHash: keccak256(numberToHex(id, { size: 32 })),
  })
  transfer(usd, consumer, auctions, market.price * 3600n)
  const bidders = providers.filter((p) => p.market === market).slice(0, 3)
  for (const bidder of bidders) {
    newTx()
    emit(auctions, auctionsAbi, 'BidPlaced', {
      order: id,
      provider: bidder.address,
      pricePerSecond: market.price - 1n,
    })
  }
}

while (logs.length < targetEvents) {
  // Hourly: every market's price moves, fees are swept and HEAT burned.
  if (block % 300 === 0) {
    for (const m of markets) {
      newTx()
      const next = m.price + (random() < 0.5 ? -1n : 1n)
      emit(marketplace, marketplaceAbi, 'ReferencePriceUpdated', {
        market: m.id,
        oldPricePerSecond: m.price,
        newPricePerSecond: next,
        utilizationBps: BigInt(Math.floor(random() * 10_000)),
      })
      m.price = next
    }
    newTx()
    emit(marketplace, marketplaceAbi, 'FeesSwept', { token: usd, burned: 0n, toTreasury: feesOwed.usd })
    transfer(usd, marketplace, deployment.treasury, feesOwed.usd)
    feesOwed.usd = 0n
    newTx()
    emit(marketplace, marketplaceAbi, 'FeesSwept', {
      token: heat,
      burned: 10n ** 18n,
      toTreasury: 10n ** 18n,
    })
    transfer(heat, marketplace, zeroAddress, 10n ** 18n)
    transfer(heat, marketplace, deployment.treasury, 10n ** 18n)
  }
  for (let i = 0; i < 3; i++) {
    const free = providers[Math.floor(random() * providers.length)] as (typeof providers)[number]
    if (free.slots > 0) openTake(free)
  }
  if (block % 10 === 0) auction()
  for (let i = running.length - 1; i >= 0; i--) {
    const lease = running[i] as Running
    if (lease.topUpAt === block) {
      newTx()
      const amount = lease.price * 600n
      lease.funded += 600
      emit(marketplace, marketplaceAbi, 'LeaseToppedUp', {
        lease: lease.id,
        from: consumers[0],
        amount,
        deposit: amount * 4n,
      })
      transfer(usd, consumers[0] as Address, marketplace, amount)
    }
    if (lease.closeAt <= block) {
      const now = startTime + block * blockSeconds
      const end = Math.min(now, lease.funded)
      const gross = lease.price * BigInt(end - lease.opened)
      const fee = gross / 50n
      feesOwed.usd += fee
      newTx()
      emit(marketplace, marketplaceAbi, 'LeaseWithdrawn', {
        lease: lease.id,
        provider: lease.provider.address,
        amount: gross - fee,
        fee,
      })
      transfer(usd, marketplace, lease.provider.address, gross - fee)
      newTx()
      const refund = lease.price * BigInt(lease.funded - end)
      emit(marketplace, marketplaceAbi, 'LeaseClosed', {
        lease: lease.id,
        closedBy: lease.provider.address,
        reason: 3,
        endedAt: BigInt(end),
        refund,
        resultHash: keccak256(numberToHex(lease.id, { size: 32 })),
      })
      if (refund > 0n) transfer(usd, marketplace, consumers[0] as Address, refund)
      emit(registry, providerRegistryAbi, 'ReputationChanged', {
        provider: lease.provider.address,
        oldReputation: 0,
        newReputation: 1000,
        success: true,
      })
      if (lease.provider.slots === 0) {
        emit(marketplace, marketplaceAbi, 'ProviderQueued', {
          market: lease.provider.market.id,
          provider: lease.provider.address,
          slots: 1,
          reputation: 1000,
        })
      }
      lease.provider.slots += 1
      running.splice(i, 1)
    }
  }
  nextBlock()
}
const lastBlock = block - 1

// ---------------------------------------------------------------- ingest

type Target = { name: string; url: string }

async function ingest(
  target: Target,
  mode: 'catch-up' | 'tip',
): Promise<{ seconds: number; events: number }> {
  const database = await openDatabase({ url: target.url })
  const decoder = createLogDecoder(deployment)
  const started = performance.now()
  let i = 0
  for (let from = 1; from <= lastBlock; from += blocksPerBatch) {
    const to = Math.min(lastBlock, from + blocksPerBatch - 1)
    const batch: RawLog[] = []
    while (i < logs.length && (logs[i] as RawLog).blockNumber <= to) batch.push(logs[i++] as RawLog)
    const events = decoder.decode(batch)
    await applyBatch(database.db, {
      events,
      toBlock: { number: to, hash: blockHash(to), timestamp: startTime + to * blockSeconds },
      // Catching up: every block is below the reorg window. At the tip: every block is inside it.
      undoFrom: mode === 'tip' ? 0 : lastBlock + 1,
    })
  }
  const seconds = (performance.now() - started) / 1000
  const stats = await getNetworkStats(database.db)
  if (stats.leases !== Number(leaseCount))
    throw new Error(`${target.name}: ${stats.leases} leases, expected ${leaseCount}`)
  await database.close()
  return { seconds, events: logs.length }
}

const dir = mkdtempSync(join(tmpdir(), 'hearth-indexer-bench-'))
const postgres = await startThrowawayPostgres()
try {
  console.log(
    `synthetic chain: ${logs.length} events in ${lastBlock} blocks (${leaseCount} leases, ${orderCount} orders, 1000 providers), batches of ${blocksPerBatch} blocks`,
  )
  let n = 0
  for (const mode of ['catch-up', 'tip'] as const) {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const url =
        kind === 'sqlite' ? join(dir, `bench-${++n}.sqlite`) : await postgres.createDatabase(`bench_${++n}`)
      const { seconds, events } = await ingest({ name: kind, url }, mode)
      console.log(
        `${kind.padEnd(8)} ${mode.padEnd(8)} ${Math.round(events / seconds)
          .toLocaleString('en-US')
          .padStart(7)} events/s  (${seconds.toFixed(2)} s)`,
      )
    }
  }
} finally {
  await postgres.stop()
  rmSync(dir, { recursive: true, force: true })
}
