// The indexer against a real anvil with the real contracts: the same chain story indexed into SQLite
// and into PostgreSQL (a throwaway cluster from the global setup), checked row by row against the
// chain, across a restart, and across a reorg made with evm_snapshot / evm_revert.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  acceptBid,
  CloseReason,
  closeLease,
  createOrder,
  finishLease,
  GpuVendor,
  joinQueue,
  openLease,
  placeBid,
  SupplySource,
  sweepFees,
  toBytes32String,
  topUp,
  withdraw,
} from '@hearth/sdk'
import { keccak256, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  fund,
  queuedProvider,
  registeredProvider,
  rtx4090,
  startTestNetwork,
  type TestNetwork,
} from '../../../packages/sdk/src/_test/testNetwork.js'
import {
  type Database,
  type Dialect,
  getHardwareInventory,
  getMarketUtilization,
  getNetworkStats,
  getTimeSeries,
  Indexer,
  type IndexerDatabase,
  openDatabase,
  readState,
} from '../src/index.js'

const dialects: readonly Dialect[] = ['sqlite', 'postgres']
const tmp = mkdtempSync(join(tmpdir(), 'hearth-indexer-test-'))
let network: TestNetwork
const opened: IndexerDatabase[] = []
let databaseCount = 0

/** A fresh, empty index database. */
async function freshDatabase(dialect: Dialect): Promise<IndexerDatabase> {
  const name = `index_${process.pid}_${++databaseCount}`
  let url: string
  if (dialect === 'sqlite') url = join(tmp, `${name}.sqlite`)
  else {
    const admin = new URL(inject('indexerPostgresUrl'))
    url = await createPostgresDatabase(admin, name)
  }
  const database = await openDatabase({ url })
  opened.push(database)
  return database
}

async function createPostgresDatabase(admin: URL, name: string): Promise<string> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  await client.query(`CREATE DATABASE "${name}"`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  return url.toString()
}

function indexer(database: IndexerDatabase, options: { confirmations?: number } = {}): Indexer {
  return new Indexer({
    database,
    client: network.publicClient,
    deployment: network.deployment,
    // Small batches: the story spans several of them.
    batchBlocks: 7,
    ...options,
  })
}

/** Every table's rows in key order (the reorg machinery's own tables left out). */
async function dump(database: IndexerDatabase): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string[]> = {
    transactions: ['hash'],
    providers: ['address'],
    markets: ['id'],
    price_updates: ['block_number', 'log_index'],
    queue_entries: ['provider'],
    orders: ['id'],
    bids: ['block_number', 'log_index'],
    leases: ['id'],
    top_ups: ['block_number', 'log_index'],
    withdrawals: ['block_number', 'log_index'],
    clusters: ['id'],
    fee_sweeps: ['block_number', 'log_index'],
    slashes: ['block_number', 'log_index'],
    stake_changes: ['block_number', 'log_index'],
    reputation_changes: ['block_number', 'log_index'],
    token_transfers: ['block_number', 'log_index'],
    governance_events: ['block_number', 'log_index'],
    lease_hourly: ['hour', 'market_id'],
  }
  const out: Record<string, unknown[]> = {}
  for (const [table, keys] of Object.entries(tables)) {
    let query = database.db.selectFrom(table as keyof Database).selectAll()
    for (const key of keys) query = query.orderBy(key as never)
    out[table] = await query.execute()
  }
  return out
}

async function allStats(database: IndexerDatabase) {
  const db = database.db
  const series = async (metric: 'revenue' | 'gpuHours' | 'burn' | 'price' | 'utilization') => ({
    hour: await getTimeSeries(db, { metric, bucket: 'hour' }),
    day: await getTimeSeries(db, { metric, bucket: 'day' }),
  })
  return {
    network: await getNetworkStats(db),
    hardware: await getHardwareInventory(db),
    markets: await getMarketUtilization(db),
    revenue: await series('revenue'),
    gpuHours: await series('gpuHours'),
    burn: await series('burn'),
    price: await series('price'),
    utilization: await series('utilization'),
  }
}

const advance = async (seconds: number) => {
  await network.testClient.increaseTime({ seconds })
  await network.testClient.mine({ blocks: 1 })
}

/** What the story did, read from the transactions' results. */
const story = {
  leases: {} as Record<string, { id: bigint; refund?: bigint }>,
  withdrawn: [] as { amount: bigint; fee: bigint }[],
  heatSweep: { burned: 0n, toTreasury: 0n },
  usdSweep: { burned: 0n, toTreasury: 0n },
  topUp: 0n,
}

beforeAll(async () => {
  network = await startTestNetwork()
  const { deployment } = network
  const specHash = keccak256(toHex('indexer test job'))
  // Three providers: an RTX 4090 at home in eu-west, two H100s in a us-east data center, a CPU box.
  const home = await queuedProvider(network, 1, network.market('rtx-4090 (tUSD)'))
  const h100 = rtx4090({
    gpuModel: toBytes32String('h100-80gb'),
    gpuCount: 2,
    vramMiB: 81_920,
    region: toBytes32String('us-east'),
    supplySource: SupplySource.DataCenter,
  })
  const dc = await registeredProvider(network, 2, h100)
  await registeredProvider(
    network,
    3,
    rtx4090({
      gpuVendor: GpuVendor.None,
      gpuModel: toBytes32String(''),
      gpuCount: 0,
      vramMiB: 0,
      cpuCores: 64,
    }),
  )
  await fund(network, 5)
  const consumer = network.wallet(5)
  // A market take, topped up, paid out, closed by the consumer.
  const take = await openLease(consumer, {
    deployment,
    market: network.market('rtx-4090 (tUSD)'),
    deposit: 83n * 7200n,
    specHash,
  })
  expect(take.provider).toBe(home)
  story.topUp = (await topUp(consumer, { deployment, leaseId: take.leaseId, amount: 83n * 600n })).amount
  await advance(1800)
  story.withdrawn.push(await withdraw(network.wallet(1), { deployment, leaseId: take.leaseId }))
  const closed = await closeLease(consumer, { deployment, leaseId: take.leaseId })
  story.leases.take = { id: take.leaseId, refund: closed.refund }
  // A reverse auction: an order, a bid, the bid accepted, the job finished with a result.
  const order = await createOrder(consumer, {
    deployment,
    market: network.market('h100-80gb (tUSD)'),
    maxPricePerSecond: 600n,
    durationSeconds: 7200n,
    biddingSeconds: 300n,
    specHash,
  })
  await placeBid(network.wallet(2), { deployment, orderId: order.orderId, pricePerSecond: 500n })
  const auction = await acceptBid(consumer, { deployment, orderId: order.orderId, provider: dc })
  await advance(5400)
  await finishLease(network.wallet(2), {
    deployment,
    leaseId: auction.leaseId,
    resultHash: keccak256(toHex('result')),
  })
  story.withdrawn.push(await withdraw(network.wallet(2), { deployment, leaseId: auction.leaseId }))
  story.leases.auction = { id: auction.leaseId }
  // A lease paid in HEAT, left running; its fees are swept (half burned) with the tUSD ones.
  await joinQueue(network.wallet(1), { deployment, market: network.market('rtx-4090 (HEAT)') })
  const heatLease = await openLease(consumer, {
    deployment,
    market: network.market('rtx-4090 (HEAT)'),
    deposit: parseEther('10'),
    specHash,
  })
  story.leases.heat = { id: heatLease.leaseId }
  await advance(3600)
  story.withdrawn.push(await withdraw(network.wallet(1), { deployment, leaseId: heatLease.leaseId }))
  story.heatSweep = await sweepFees(network.wallet(0), { deployment, token: network.heat })
  story.usdSweep = await sweepFees(network.wallet(0), { deployment, token: network.usd })
}, 180_000)

afterAll(async () => {
  for (const database of opened) await database.close().catch(() => {})
  await network?.node.stop()
  rmSync(tmp, { recursive: true, force: true })
})

describe.each(dialects)('on %s', (dialect) => {
  it('turns the events into rows', async () => {
    const database = await freshDatabase(dialect)
    const result = await indexer(database).poll()
    expect(result.batches).toBeGreaterThan(3)
    const db = database.db
    const head = Number(await network.publicClient.getBlockNumber({ cacheTime: 0 }))
    expect((await readState(db)).cursor).toBe(head)

    const providers = await db.selectFrom('providers').selectAll().orderBy('registered_block').execute()
    expect(providers.map((p) => [p.gpu_model, p.gpu_count, p.region])).toEqual([
      ['rtx-4090', 1, 'eu-west'],
      ['h100-80gb', 2, 'us-east'],
      ['', 0, 'eu-west'],
    ])
    // The finished auction job raised the data center's reputation by one unit.
    expect(providers[1]).toMatchObject({
      reputation: 1000,
      jobs_succeeded: 1,
      supply_source: SupplySource.DataCenter,
    })

    const leases = await db.selectFrom('leases').selectAll().orderBy('id').execute()
    expect(leases).toHaveLength(3)
    const [take, auction, heat] = leases
    expect(take).toMatchObject({
      id: Number(story.leases.take?.id),
      price: '83',
      deposit: String(83n * 7200n),
      topped_up: String(story.topUp),
      state: 'closed',
      close_reason: CloseReason.ByConsumer,
      refund: String(story.leases.take?.refund),
      withdrawn: String(story.withdrawn[0]?.amount),
      fees: String(story.withdrawn[0]?.fee),
      order_id: 0,
    })
    expect(auction).toMatchObject({
      order_id: 1,
      price: '500',
      state: 'closed',
      close_reason: CloseReason.JobFinished,
    })
    expect(auction?.result_hash).toBe(keccak256(toHex('result')))
    expect(heat).toMatchObject({ state: 'active', market_id: network.market('rtx-4090 (HEAT)') })

    const [order] = await db.selectFrom('orders').selectAll().execute()
    expect(order).toMatchObject({
      state: 'accepted',
      bids: 1,
      lease_id: Number(story.leases.auction?.id),
      price: '500',
    })
    expect(await db.selectFrom('bids').select(['provider', 'price']).execute()).toEqual([
      { provider: network.wallet(2).account.address, price: '500' },
    ])
    expect(await db.selectFrom('top_ups').select('amount').execute()).toEqual([
      { amount: String(story.topUp) },
    ])
    expect(
      await db.selectFrom('withdrawals').select(['amount', 'fee']).orderBy('block_number').execute(),
    ).toEqual(story.withdrawn.map((w) => ({ amount: String(w.amount), fee: String(w.fee) })))
    const sweeps = await db
      .selectFrom('fee_sweeps')
      .select(['token', 'burned', 'to_treasury'])
      .orderBy('block_number')
      .execute()
    expect(sweeps).toEqual([
      {
        token: network.heat,
        burned: String(story.heatSweep.burned),
        to_treasury: String(story.heatSweep.toTreasury),
      },
      { token: network.usd, burned: '0', to_treasury: String(story.usdSweep.toTreasury) },
    ])
    expect(story.heatSweep.burned).toBeGreaterThan(0n)
    // Markets and price history: every default market created, the HEAT market repriced by its epoch.
    expect(await db.selectFrom('markets').select('id').execute()).toHaveLength(
      network.deployment.markets.length,
    )
    const epochs = await db.selectFrom('price_updates').selectAll().where('cause', '=', 'epoch').execute()
    expect(epochs.length).toBeGreaterThan(0)
    // Ownership offers and parameter settings of the deployment are in the governance trail.
    expect(await db.selectFrom('governance_events').select('name').distinct().execute()).not.toHaveLength(0)

    const stats = await getNetworkStats(db)
    expect(stats).toMatchObject({
      providers: 3,
      gpus: 3,
      cpuCores: 16 + 16 + 64,
      leases: 3,
      activeLeases: 1,
      jobsFinished: 1,
      orders: 1,
      clusters: 0,
      burned: [{ token: network.heat, amount: String(story.heatSweep.burned) }],
    })
    // Every transaction that emitted a protocol event, counted once.
    const txs = new Set(
      (
        await network.publicClient.getLogs({
          address: [...Object.values(network.deployment.contracts)],
          fromBlock: network.deployment.deployBlock,
        })
      ).map((l) => l.transactionHash),
    )
    expect(stats.transactions).toBe(txs.size)
    // tUSD revenue: the take ran 1800 s (+ the blocks in between) at 83/s, the auction 5400+ s at 500/s.
    const usd = stats.revenue.find((r) => r.token === network.usd)
    expect(BigInt(usd?.amount ?? 0)).toBeGreaterThanOrEqual(83n * 1800n + 500n * 5400n)
    const inventory = await getHardwareInventory(db)
    expect(inventory.gpus).toEqual([
      { model: 'h100-80gb', region: 'us-east', gpus: 2, providers: 1 },
      { model: 'rtx-4090', region: 'eu-west', gpus: 1, providers: 1 },
    ])
    const utilization = await getMarketUtilization(db)
    expect(utilization.find((m) => m.market === network.market('rtx-4090 (HEAT)'))).toMatchObject({
      activeLeases: 1,
      idleSlots: 0,
      utilizationBps: 10_000,
    })
  })

  it('resumes from its cursor after a restart, without duplicates', async () => {
    const head = Number(await network.publicClient.getBlockNumber({ cacheTime: 0 }))
    const reference = await freshDatabase(dialect)
    await indexer(reference).poll()
    const first = await freshDatabase(dialect)
    // Stop halfway: stay 10 blocks behind the head.
    const half = await indexer(first, { confirmations: 10 }).poll()
    expect(half.cursor).toBe(head - 10)
    const location = first.location
    await first.close()
    opened.splice(opened.indexOf(first), 1)
    const reopened = await openDatabase({ url: location })
    opened.push(reopened)
    expect((await readState(reopened.db)).cursor).toBe(head - 10)
    const rest = await indexer(reopened).poll()
    expect(rest.cursor).toBe(head)
    expect(await dump(reopened)).toEqual(await dump(reference))
    // Nothing new on chain: a poll applies nothing.
    expect((await indexer(reopened).poll()).events).toBe(0)
    expect(await dump(reopened)).toEqual(await dump(reference))
  })
})

it('gives the same rows and the same stats on SQLite and PostgreSQL', async () => {
  const sqlite = await freshDatabase('sqlite')
  const postgres = await freshDatabase('postgres')
  await indexer(sqlite).poll()
  await indexer(postgres).poll()
  expect(await dump(postgres)).toEqual(await dump(sqlite))
  const stats = await allStats(sqlite)
  expect(stats.revenue.hour.length).toBeGreaterThan(0)
  expect(stats.price.hour.length).toBeGreaterThan(0)
  expect(stats.burn.day).toEqual([
    { t: expect.any(Number), key: network.heat, value: String(story.heatSweep.burned) },
  ])
  expect(await allStats(postgres)).toEqual(stats)
})

it('undoes a reorg: the index equals one built from scratch on the new chain', async () => {
  const { deployment } = network
  const databases = await Promise.all(dialects.map((d) => freshDatabase(d)))
  for (const database of databases) await indexer(database).poll()
  const snapshot = await network.testClient.snapshot()
  // The chain the indexers see first: a new provider registers and a lease is opened and topped up.
  await registeredProvider(network, 6, rtx4090({ region: toBytes32String('ap-south') }))
  await joinQueue(network.wallet(1), { deployment, market: network.market('rtx-4090 (tUSD)') })
  const consumer = network.wallet(5)
  const lost = await openLease(consumer, {
    deployment,
    market: network.market('rtx-4090 (tUSD)'),
    deposit: 83n * 3600n,
    specHash: keccak256(toHex('lost')),
  })
  await topUp(consumer, { deployment, leaseId: lost.leaseId, amount: 83n * 60n })
  for (const database of databases) await indexer(database).poll()
  expect(
    await databases[0]?.db
      .selectFrom('top_ups')
      .select('lease_id')
      .where('lease_id', '=', Number(lost.leaseId))
      .execute(),
  ).toHaveLength(1)

  // The reorg: back to the snapshot, then other transactions (and more blocks than before).
  await network.testClient.revert({ id: snapshot })
  await joinQueue(network.wallet(1), { deployment, market: network.market('rtx-4090 (tUSD)') })
  const kept = await openLease(consumer, {
    deployment,
    market: network.market('rtx-4090 (tUSD)'),
    deposit: 83n * 900n,
    specHash: keccak256(toHex('kept')),
  })
  expect(kept.leaseId).toBe(lost.leaseId)
  await network.testClient.mine({ blocks: 5 })

  for (const database of databases) {
    const result = await indexer(database).poll()
    expect(result.reorgFrom).toBeDefined()
    const db = database.db
    // The lost provider, top-up and lease terms are gone; the new lease is there.
    expect(
      await db.selectFrom('providers').select('address').where('region', '=', 'ap-south').execute(),
    ).toEqual([])
    expect(
      await db
        .selectFrom('top_ups')
        .select('lease_id')
        .where('lease_id', '=', Number(lost.leaseId))
        .execute(),
    ).toEqual([])
    expect(
      await db
        .selectFrom('leases')
        .select(['deposit', 'spec_hash'])
        .where('id', '=', Number(kept.leaseId))
        .execute(),
    ).toEqual([{ deposit: String(kept.deposit), spec_hash: keccak256(toHex('kept')) }])
    const scratch = await freshDatabase(database.dialect)
    await indexer(scratch).poll()
    expect(await dump(database)).toEqual(await dump(scratch))
    expect(await allStats(database)).toEqual(await allStats(scratch))
  }
})
