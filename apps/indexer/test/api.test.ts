// The indexer API in-process, over a real port, on an index built from a real anvil with the real
// contracts: every route, bad input on every route (the one error shape), pagination, a WebSocket
// subscription that receives a lease update, the rate limit and /openapi.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createIndexerClient,
  createOrder,
  IndexerApiError,
  type IndexerWsMessage,
  joinQueue,
  openLease,
  placeBid,
  topUp,
} from '@hearth/sdk'
import { keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  fund,
  queuedProvider,
  registeredProvider,
  rtx4090,
  startTestNetwork,
  type TestNetwork,
} from '../../../packages/sdk/src/_test/testNetwork.js'
import {
  Indexer,
  type IndexerDatabase,
  openDatabase,
  type ServedIndexerApi,
  serveIndexerApi,
} from '../src/index.js'

const tmp = mkdtempSync(join(tmpdir(), 'hearth-api-test-'))
let network: TestNetwork
let database: IndexerDatabase
let served: ServedIndexerApi
let indexer: Indexer
let leaseId: bigint
let orderId: bigint
let providerAddress: string
let consumerAddress: string
const consoleDir = join(tmp, 'console')

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the API answers
type Json = any

async function get(path: string): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${served.url}${path}`)
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: response.status, body, headers: response.headers }
}

/** Expects the one error shape with `code`, and a message naming `field`. */
async function expectError(path: string, status: number, code: string, field?: string): Promise<void> {
  const { status: got, body } = await get(path)
  expect({ path, got }).toEqual({ path, got: status })
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(body.error?.details ? { details: expect.anything() } : {}),
    },
  })
  expect(body.error.message).not.toContain('\n')
  if (field) expect(body.error.message.startsWith(`${field}:`), body.error.message).toBe(true)
}

beforeAll(async () => {
  network = await startTestNetwork()
  const { deployment } = network
  providerAddress = await queuedProvider(network, 1, network.market('rtx-4090 (tUSD)'))
  await registeredProvider(network, 2, rtx4090())
  await fund(network, 5)
  const consumer = network.wallet(5)
  consumerAddress = consumer.account.address
  const specHash = keccak256(toHex('api test job'))
  const lease = await openLease(consumer, {
    deployment,
    market: network.market('rtx-4090 (tUSD)'),
    deposit: 83n * 3600n,
    specHash,
  })
  leaseId = lease.leaseId
  await network.testClient.increaseTime({ seconds: 600 })
  await network.testClient.mine({ blocks: 1 })
  await joinQueue(network.wallet(2), { deployment, market: network.market('rtx-4090 (tUSD)') })
  const order = await createOrder(consumer, {
    deployment,
    market: network.market('rtx-4090 (tUSD)'),
    maxPricePerSecond: 600n,
    durationSeconds: 3600n,
    biddingSeconds: 300n,
    specHash,
  })
  orderId = order.orderId
  await placeBid(network.wallet(2), { deployment, orderId, pricePerSecond: 500n })
  database = await openDatabase({ url: join(tmp, 'index.sqlite') })
  mkdirSync(consoleDir)
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Hearth console</title>')
  served = await serveIndexerApi({
    db: database.db,
    port: 0,
    consoleDir,
    rateLimit: { ratePerSecond: 1000, burst: 1000 },
  })
  indexer = new Indexer({
    database,
    client: network.publicClient,
    deployment,
    onApplied: (batch) => served.api.applied(batch),
  })
  await indexer.poll()
}, 180_000)

afterAll(async () => {
  await served?.close()
  await database?.close()
  await network?.node.stop()
  rmSync(tmp, { recursive: true, force: true })
})

describe('routes', () => {
  it('GET /v1/stats: totals, hardware and utilization per market, money as strings', async () => {
    const { status, body, headers } = await get('/v1/stats')
    expect(status).toBe(200)
    expect(headers.get('access-control-allow-origin')).toBe('*')
    expect(body).toMatchObject({ providers: 2, gpus: 2, leases: 1, activeLeases: 1, orders: 1 })
    expect(body.revenue).toEqual(expect.any(Array))
    expect(typeof body.staked).toBe('string')
    expect(body.hardware.gpus).toEqual([{ model: 'rtx-4090', region: 'eu-west', gpus: 2, providers: 2 }])
    expect(body.markets.length).toBe(network.deployment.markets.length)
    expect(body.indexer.cursor).toBe(Number(await network.publicClient.getBlockNumber({ cacheTime: 0 })))
  })

  it('GET /v1/stats/series', async () => {
    const market = network.market('rtx-4090 (tUSD)')
    const { status, body } = await get(`/v1/stats/series?metric=price&bucket=day&market=${market}`)
    expect(status).toBe(200)
    expect(body.metric).toBe('price')
    expect(body.bucket).toBe('day')
    expect(body.points.length).toBeGreaterThan(0)
    for (const point of body.points) {
      expect(point).toEqual({
        t: expect.any(Number),
        value: expect.stringMatching(/^\d+$/),
        key: String(market),
      })
    }
    expect((await get('/v1/stats/series?metric=revenue')).body.points.length).toBeGreaterThan(0)
    await expectError('/v1/stats/series', 400, 'bad_request', 'metric')
    await expectError('/v1/stats/series?metric=nope', 400, 'bad_request', 'metric')
    await expectError('/v1/stats/series?metric=price&bucket=week', 400, 'bad_request', 'bucket')
    await expectError('/v1/stats/series?metric=price&market=x', 400, 'bad_request', 'market')
    await expectError('/v1/stats/series?metric=revenue&market=1', 400, 'bad_request', 'market')
    await expectError('/v1/stats/series?metric=price&from=-5', 400, 'bad_request', 'from')
    await expectError('/v1/stats/series?metric=price&from=10&to=5', 400, 'bad_request', 'from')
  })

  it('GET /v1/providers pages with opaque cursors', async () => {
    const first = await get('/v1/providers?limit=1')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(1)
    expect(first.body.next).toEqual(expect.any(String))
    const second = await get(`/v1/providers?limit=1&cursor=${first.body.next}`)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.items[0].address).not.toBe(first.body.items[0].address)
    const third = await get(`/v1/providers?limit=1&cursor=${second.body.next}`)
    expect(third.body).toEqual({ items: [], next: null })
    const all = await get('/v1/providers')
    expect(all.body.items.map((p: { address: string }) => p.address).sort()).toEqual(
      [first.body.items[0].address, second.body.items[0].address].sort(),
    )
    expect(all.body.items[0]).toMatchObject({
      gpu: { model: 'rtx-4090', count: 1 },
      stake: expect.stringMatching(/^\d+$/),
    })
    await expectError('/v1/providers?limit=0', 400, 'bad_request', 'limit')
    await expectError('/v1/providers?limit=101', 400, 'bad_request', 'limit')
    await expectError('/v1/providers?limit=ten', 400, 'bad_request', 'limit')
    await expectError('/v1/providers?cursor=!!', 400, 'bad_request', 'cursor')
    await expectError('/v1/providers?cursor=abc', 400, 'bad_request', 'cursor')
  })

  it('GET /v1/providers/:address', async () => {
    const { status, body } = await get(`/v1/providers/${providerAddress.toLowerCase()}`)
    expect(status).toBe(200)
    // Its one slot went to the lease; the second provider waits in the queue.
    expect(body).toMatchObject({ address: providerAddress, queue: [] })
    expect(body.recentLeases.map((l: { id: number }) => l.id)).toEqual([Number(leaseId)])
    const waiting = await get(`/v1/providers/${network.wallet(2).account.address}`)
    expect(waiting.body).toMatchObject({
      queue: [{ market: network.market('rtx-4090 (tUSD)'), slots: 1 }],
      recentLeases: [],
    })
    await expectError('/v1/providers/0x1234', 400, 'bad_request', 'address')
    await expectError('/v1/providers/not-an-address', 400, 'bad_request', 'address')
    await expectError(`/v1/providers/0x${'ab'.repeat(20)}`, 404, 'not_found', 'address')
  })

  it('GET /v1/markets and /v1/markets/:id with price history', async () => {
    const list = await get('/v1/markets')
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(network.deployment.markets.length)
    const market = network.market('rtx-4090 (tUSD)')
    const cheap = await get('/v1/markets?maxPrice=83')
    expect(
      cheap.body.items.every(
        (m: { referencePricePerSecond: string }) => BigInt(m.referencePricePerSecond) <= 83n,
      ),
    ).toBe(true)
    const one = await get(`/v1/markets/${market}`)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ id: market, gpuModel: 'rtx-4090', activeLeases: 1 })
    expect(one.body.priceHistory[0]).toMatchObject({
      cause: 'created',
      newPrice: expect.stringMatching(/^\d+$/),
    })
    await expectError('/v1/markets?maxPrice=1.5', 400, 'bad_request', 'maxPrice')
    await expectError('/v1/markets?maxPrice=-1', 400, 'bad_request', 'maxPrice')
    await expectError('/v1/markets/abc', 400, 'bad_request', 'id')
    await expectError('/v1/markets/-1', 400, 'bad_request', 'id')
    await expectError('/v1/markets/99999', 404, 'not_found', 'id')
  })

  it('GET /v1/leases with filters and /v1/leases/:id', async () => {
    const list = await get(`/v1/leases?consumer=${consumerAddress.toLowerCase()}&state=active`)
    expect(list.status).toBe(200)
    expect(list.body.items.map((l: { id: number }) => l.id)).toEqual([Number(leaseId)])
    expect(list.body.next).toBeNull()
    expect((await get('/v1/leases?state=closed')).body.items).toEqual([])
    expect((await get(`/v1/leases?provider=${providerAddress}`)).body.items).toHaveLength(1)
    const one = await get(`/v1/leases/${leaseId}`)
    expect(one.body).toMatchObject({
      id: Number(leaseId),
      consumer: consumerAddress,
      provider: providerAddress,
      pricePerSecond: '83',
      deposit: String(83n * 3600n),
      state: 'active',
      topUps: [],
    })
    await expectError('/v1/leases?consumer=0xnope', 400, 'bad_request', 'consumer')
    await expectError('/v1/leases?provider=12', 400, 'bad_request', 'provider')
    await expectError('/v1/leases?state=open', 400, 'bad_request', 'state')
    await expectError('/v1/leases?market=1.5', 400, 'bad_request', 'market')
    await expectError('/v1/leases?limit=-3', 400, 'bad_request', 'limit')
    await expectError('/v1/leases?cursor=eyJrIjoieCJ9', 400, 'bad_request', 'cursor')
    await expectError('/v1/leases/0x10', 400, 'bad_request', 'id')
    await expectError('/v1/leases/1e3', 400, 'bad_request', 'id')
    await expectError('/v1/leases/99999999999999999999', 400, 'bad_request', 'id')
    await expectError('/v1/leases/4242', 404, 'not_found', 'id')
  })

  it('GET /v1/orders and /v1/orders/:id with bids', async () => {
    const list = await get('/v1/orders?state=open')
    expect(list.body.items.map((o: { id: number }) => o.id)).toEqual([Number(orderId)])
    expect((await get('/v1/orders?minMaxPrice=601')).body.items).toEqual([])
    const one = await get(`/v1/orders/${orderId}`)
    expect(one.body).toMatchObject({
      id: Number(orderId),
      maxPricePerSecond: '600',
      state: 'open',
      bidCount: 1,
      bids: [{ provider: network.wallet(2).account.address, pricePerSecond: '500' }],
    })
    await expectError('/v1/orders?minMaxPrice=abc', 400, 'bad_request', 'minMaxPrice')
    await expectError('/v1/orders?state=done', 400, 'bad_request', 'state')
    await expectError('/v1/orders?consumer=x', 400, 'bad_request', 'consumer')
    await expectError('/v1/orders?limit=1000', 400, 'bad_request', 'limit')
    await expectError('/v1/orders/one', 400, 'bad_request', 'id')
    await expectError('/v1/orders/777', 404, 'not_found', 'id')
  })

  it('answers unknown API routes with not_found and serves the console elsewhere', async () => {
    await expectError('/v1/nothing', 404, 'not_found')
    const page = await get('/leases/3')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Hearth console')
    expect(page.headers.get('content-type')).toContain('text/html')
  })

  it('describes every route in /openapi.json (OpenAPI 3.1, from the zod schemas)', async () => {
    const { body } = await get('/openapi.json')
    expect(body.openapi).toBe('3.1.0')
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/v1/leases',
        '/v1/leases/{id}',
        '/v1/markets',
        '/v1/markets/{id}',
        '/v1/orders',
        '/v1/orders/{id}',
        '/v1/providers',
        '/v1/providers/{address}',
        '/v1/stats',
        '/v1/stats/series',
        '/v1/ws',
      ].sort(),
    )
    const leases = body.paths['/v1/leases'].get
    expect(leases.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['consumer', 'cursor', 'limit', 'market', 'provider', 'state'].sort(),
    )
    const lease = body.paths['/v1/leases/{id}'].get
    expect(lease.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })])
    expect(lease.responses['200'].content['application/json'].schema.properties.pricePerSecond).toMatchObject(
      {
        type: 'string',
      },
    )
    expect(lease.responses['404'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    })
    expect(body.components.schemas.Error.properties.error.properties.code.enum).toEqual([
      'bad_request',
      'not_found',
      'rate_limited',
      'internal',
    ])
  })

  it('exposes Prometheus metrics: requests by route and the indexer cursor', async () => {
    const { status, body } = await get('/metrics')
    expect(status).toBe(200)
    expect(body).toMatch(
      /hearth_api_requests_total\{method="GET",route="\/v1\/leases\/:id",status="200"\} \d+/,
    )
    expect(body).toMatch(/hearth_api_request_duration_seconds_count\{route="\/v1\/stats"\} \d+/)
    expect(body).toContain(
      `hearth_indexer_cursor_block ${await network.publicClient.getBlockNumber({ cacheTime: 0 })}`,
    )
  })

  it('the SDK client reads the same answers and throws IndexerApiError with the code', async () => {
    const client = createIndexerClient({ url: served.url })
    expect((await client.getLease(leaseId)).pricePerSecond).toBe('83')
    expect((await client.getStats()).leases).toBe(1)
    const providers = await client.listAll((query) => client.listProviders(query))
    expect(providers).toHaveLength(2)
    const error = await client.getLease(4242n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IndexerApiError)
    expect(error).toMatchObject({ code: 'not_found', status: 404 })
  })
})

it('pushes a lease update to a WebSocket subscriber when the indexer applies it', async () => {
  const ws = new WebSocket(`${served.url.replace('http', 'ws')}/v1/ws`)
  const messages: IndexerWsMessage[] = []
  const next = () =>
    new Promise<IndexerWsMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no WebSocket message in 10 s')), 10_000)
      const take = () => {
        const message = messages.shift()
        if (message) {
          clearTimeout(timer)
          resolve(message)
        } else setTimeout(take, 10)
      }
      take()
    })
  ws.on('message', (raw) => messages.push(JSON.parse(String(raw))))
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  ws.send('not json')
  expect(await next()).toEqual({
    type: 'error',
    error: { code: 'bad_request', message: 'message is not JSON' },
  })
  ws.send(JSON.stringify({ type: 'subscribe', topic: 'lease:abc' }))
  expect(await next()).toMatchObject({
    type: 'error',
    error: { code: 'bad_request', message: expect.stringMatching(/^topic:/) },
  })
  ws.send(JSON.stringify({ type: 'subscribe', topic: `lease:${leaseId}` }))
  expect(await next()).toEqual({ type: 'subscribed', topic: `lease:${leaseId}` })
  ws.send(JSON.stringify({ type: 'subscribe', topic: 'lease:999' }))
  expect(await next()).toEqual({ type: 'subscribed', topic: 'lease:999' })
  await topUp(network.wallet(5), { deployment: network.deployment, leaseId, amount: 83n * 60n })
  await indexer.poll()
  const event = await next()
  expect(event).toMatchObject({
    type: 'event',
    topic: `lease:${leaseId}`,
    data: { events: [expect.objectContaining({ name: 'LeaseToppedUp' })] },
  })
  // Nothing for the lease nobody touched; and the API shows the top-up.
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(messages).toEqual([])
  expect((await get(`/v1/leases/${leaseId}`)).body.toppedUp).toBe(String(83n * 60n))
  // Stats are cached between batches and dropped when one is applied.
  expect((await get('/v1/stats')).body.indexer.cursor).toBe(
    Number(await network.publicClient.getBlockNumber({ cacheTime: 0 })),
  )
  ws.close()
})

it('limits each client with a token bucket: 429 with retry-after', async () => {
  const limited = await serveIndexerApi({
    db: database.db,
    port: 0,
    rateLimit: { ratePerSecond: 1, burst: 3 },
  })
  try {
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 5; i++) {
      last = await fetch(`${limited.url}/v1/stats`)
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await last?.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining('retry'),
        details: { retryAfterSeconds: 1 },
      },
    })
  } finally {
    await limited.close()
  }
})

it('says the console is not built when it has no build', async () => {
  const bare = await serveIndexerApi({ db: database.db, port: 0, consoleDir: join(tmp, 'missing') })
  try {
    const response = await fetch(`${bare.url}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('console is not built')
  } finally {
    await bare.close()
  }
})
