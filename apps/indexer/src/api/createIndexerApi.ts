import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  addressSchema,
  apiErrorSchema,
  defaultPageLimit,
  type IndexerStats,
  idSchema,
  leaseDetailSchema,
  leasePageSchema,
  leasesQuerySchema,
  marketDetailSchema,
  marketListSchema,
  marketsQuerySchema,
  orderDetailSchema,
  orderPageSchema,
  ordersQuerySchema,
  providerDetailSchema,
  providerPageSchema,
  providersQuerySchema,
  seriesQuerySchema,
  seriesSchema,
  statsSchema,
  wsClientMessageSchema,
} from '@hearth/sdk'
import { type Context, Hono } from 'hono'
import type { Kysely } from 'kysely'
import { WebSocket, WebSocketServer } from 'ws'
import { z } from 'zod'
import type { IndexedEvent } from '../chain/decodeLogs.js'
import type { Database } from '../db/schema.js'
import { readState } from '../db/state.js'
import type { AppliedBatch } from '../Indexer.js'
import { getHardwareInventory } from '../queries/getHardwareInventory.js'
import { getLease } from '../queries/getLease.js'
import { getMarket } from '../queries/getMarket.js'
import { getMarketUtilization } from '../queries/getMarketUtilization.js'
import { getNetworkStats } from '../queries/getNetworkStats.js'
import { getOrder } from '../queries/getOrder.js'
import { getProvider } from '../queries/getProvider.js'
import { getTimeSeries } from '../queries/getTimeSeries.js'
import { listLeases } from '../queries/listLeases.js'
import { listMarkets } from '../queries/listMarkets.js'
import { listOrders } from '../queries/listOrders.js'
import { listProviders } from '../queries/listProviders.js'
import { ApiError } from './ApiError.js'
import { Metrics } from './Metrics.js'
import { type ApiRoute, openApiDocument } from './openApiDocument.js'
import { RateLimiter } from './RateLimiter.js'
import { chainRef, leaseToApi, marketToApi, orderToApi, providerToApi } from './toApi.js'

/** Parameters of {@link createIndexerApi}. */
export type CreateIndexerApiParameters = {
  db: Kysely<Database>
  /** Requests per second each client IP may make, sustained (default 200), and at once (default 400). */
  rateLimit?: { ratePerSecond: number; burst: number } | undefined
  /** The chain head the follower last saw, for the lag metric. */
  head?: (() => number | undefined) | undefined
  /** Answers every path outside /v1, /openapi.json and /metrics (the console). */
  fallback?: ((path: string) => Response | Promise<Response>) | undefined
  /** How the client's IP is found (default: the socket's remote address). */
  clientIp?: ((c: Context) => string) | undefined
}

/** The indexer API: a Hono app, a WebSocket upgrade handler and the hook the follower calls. */
export type IndexerApi = {
  app: Hono
  /** Serves WebSocket upgrades of `/v1/ws` (attach to the HTTP server's `upgrade` event). */
  upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Tells the API the follower committed a batch: drops cached answers, notifies subscribers. */
  applied: (batch: AppliedBatch) => void
  /** Closes every WebSocket. */
  close: () => void
}

const paramsOf = {
  id: z.object({ id: idSchema }),
  address: z.object({ address: addressSchema }),
}

/** Validates input with a schema; the first issue becomes a 400 naming the field. */
function parse<schema extends z.ZodType>(schema: schema, value: unknown): z.output<schema> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  const message = issue?.message ?? 'bad input'
  throw new ApiError(400, 'bad_request', field ? `${field}: ${message}` : message, {
    ...(field ? { field } : {}),
  })
}

/** Keyset cursors, opaque to clients: base64url of the last key of the page. */
function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url')
}

function decodeCursor<kind extends 'number' | 'string'>(
  cursor: string,
  kind: kind,
): kind extends 'number' ? number : string {
  try {
    const { k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: unknown }
    if (kind === 'number' ? Number.isSafeInteger(k) && (k as number) >= 0 : typeof k === 'string') {
      return k as kind extends 'number' ? number : string
    }
  } catch {}
  throw new ApiError(400, 'bad_request', 'cursor: must be the `next` of a previous page', {
    field: 'cursor',
  })
}

function page<item>(items: item[], limit: number, key: (item: item) => string | number) {
  const last = items.at(-1)
  return { items, next: items.length === limit && last !== undefined ? encodeCursor(key(last)) : null }
}

/** The topics a batch touches, for WebSocket subscribers. */
function topicsOf(batch: AppliedBatch): Map<string, IndexedEvent[]> {
  const topics = new Map<string, IndexedEvent[]>()
  const add = (topic: string, event: IndexedEvent | undefined) => {
    const list = topics.get(topic) ?? []
    if (event) list.push(event)
    topics.set(topic, list)
  }
  if (batch.reorgFrom !== undefined) {
    add('stats', undefined)
    add('leases', undefined)
  }
  for (const event of batch.events) {
    add('stats', event)
    const args = event.args as Record<string, unknown>
    if (typeof args.lease === 'bigint') {
      add(`lease:${args.lease}`, event)
      add('leases', event)
    }
    if (typeof args.market === 'bigint') add(`market:${args.market}`, event)
  }
  return topics
}

/**
 * The indexer's HTTP API over the index: stats and series, providers, markets, leases and orders
 * (paginated with opaque cursors), /openapi.json generated from the SDK's zod schemas, /metrics,
 * and WebSocket subscriptions at /v1/ws. Every error is `{ error: { code, message, details? } }`;
 * every client IP has a token bucket; CORS is open.
 */
export function createIndexerApi(parameters: CreateIndexerApiParameters): IndexerApi {
  const { db } = parameters
  const limiter = new RateLimiter(parameters.rateLimit ?? { ratePerSecond: 200, burst: 400 })
  const metrics = new Metrics()
  const clientIp =
    parameters.clientIp ??
    ((c: Context) =>
      (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'unknown')
  // Answers that only change when the follower commits a batch, dropped by `applied`.
  let statsCache: Promise<IndexerStats> | undefined
  const details = new Map<string, Promise<unknown>>()
  /** The answer for `key`, computed once per committed batch (at most 10 000 kept). */
  function cached<value>(key: string, compute: () => Promise<value>): Promise<value> {
    let found = details.get(key) as Promise<value> | undefined
    if (!found) {
      if (details.size >= 10_000) details.clear()
      found = compute()
      found.catch(() => details.delete(key))
      details.set(key, found)
    }
    return found
  }

  const app = new Hono()
  const routes: ApiRoute[] = []
  const get = (
    route: Omit<ApiRoute, 'method'>,
    handler: (c: Context) => Promise<Response> | Response,
  ): void => {
    routes.push({ ...route, method: 'get' })
    app.get(route.path, handler)
  }

  app.use('*', async (c, next) => {
    const started = performance.now()
    c.header('access-control-allow-origin', '*')
    if (c.req.method === 'OPTIONS') {
      c.header('access-control-allow-methods', 'GET, POST, OPTIONS')
      c.header('access-control-allow-headers', 'content-type, authorization')
      c.header('access-control-max-age', '86400')
      return c.body(null, 204)
    }
    const wait = limiter.take(clientIp(c))
    if (wait > 0) {
      const error = new ApiError(429, 'rate_limited', `too many requests: retry in ${wait} s`, {
        retryAfterSeconds: wait,
      })
      c.header('retry-after', String(wait))
      metrics.observe(c.req.method, 'rate_limited', 429, (performance.now() - started) / 1000)
      return c.json(error.toJSON(), 429)
    }
    await next()
    // The route that answered (middleware and the catch-alls are registered for ALL methods).
    const route = c.req.matchedRoutes.find((r) => r.method !== 'ALL')?.path ?? 'other'
    metrics.observe(c.req.method, route, c.res.status, (performance.now() - started) / 1000)
  })

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status)
    const internal = new ApiError(500, 'internal', 'internal error: the server failed to answer')
    return c.json(internal.toJSON(), 500)
  })

  get(
    {
      path: '/v1/stats',
      summary: 'Network totals: revenue, compute and GPU hours, hardware, jobs, burn, utilization per market',
      response: statsSchema,
    },
    async (c) => {
      statsCache ??= computeStats().catch((error: unknown) => {
        statsCache = undefined
        throw error
      })
      return c.json(await statsCache)
    },
  )

  async function computeStats(): Promise<IndexerStats> {
    const state = await readState(db)
    const [stats, hardware, markets] = await Promise.all([
      getNetworkStats(db),
      getHardwareInventory(db),
      getMarketUtilization(db),
    ])
    return {
      ...stats,
      hardware,
      markets,
      indexer: { cursor: state.cursor ?? null, cursorTimestamp: state.cursorTimestamp ?? null },
    }
  }

  get(
    {
      path: '/v1/stats/series',
      summary: 'A time series for charts',
      query: seriesQuerySchema,
      response: seriesSchema,
    },
    async (c) => {
      const query = parse(seriesQuerySchema, c.req.query())
      if (query.market !== undefined && (query.metric === 'revenue' || query.metric === 'burn')) {
        throw new ApiError(400, 'bad_request', `market: ${query.metric} is per token, not per market`, {
          field: 'market',
        })
      }
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw new ApiError(400, 'bad_request', 'from: must not be after to', { field: 'from' })
      }
      const points = await getTimeSeries(db, {
        metric: query.metric,
        bucket: query.bucket,
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      })
      const market = query.market === undefined ? undefined : String(query.market)
      return c.json({
        metric: query.metric,
        bucket: query.bucket,
        points: points
          .filter((p) => market === undefined || p.key === market)
          .map((p) => ({ t: p.t, value: p.value, key: p.key })),
      })
    },
  )

  get(
    {
      path: '/v1/providers',
      summary: 'Providers by address, paginated',
      query: providersQuerySchema,
      response: providerPageSchema,
    },
    async (c) => {
      const query = parse(providersQuerySchema, c.req.query())
      const limit = query.limit ?? defaultPageLimit
      const rows = await listProviders(db, {
        limit,
        ...(query.region === undefined ? {} : { region: query.region }),
        ...(query.gpuModel === undefined ? {} : { gpuModel: query.gpuModel }),
        ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor, 'string') }),
      })
      return c.json(page(rows.map(providerToApi), limit, (p) => p.address))
    },
  )

  get(
    {
      path: '/v1/providers/:address',
      summary: 'One provider with its queue places and newest leases',
      params: paramsOf.address,
      response: providerDetailSchema,
    },
    async (c) => {
      const { address } = parse(paramsOf.address, c.req.param())
      const row = await cached(`provider:${address}`, () => getProvider(db, address))
      if (!row) throw new ApiError(404, 'not_found', `address: no provider ${address} in the index`)
      return c.json({
        ...providerToApi(row),
        queue: row.queue.map((q) => ({ market: q.market_id, slots: q.slots })),
        recentLeases: row.recentLeases.map(leaseToApi),
      })
    },
  )

  get(
    {
      path: '/v1/markets',
      summary: 'Every market with its reference price and utilization',
      query: marketsQuerySchema,
      response: marketListSchema,
    },
    async (c) => {
      const query = parse(marketsQuerySchema, c.req.query())
      const max = query.maxPrice === undefined ? undefined : BigInt(query.maxPrice)
      const rows = await listMarkets(db)
      return c.json({
        items: rows
          .filter((m) => max === undefined || BigInt(m.reference_price) <= max)
          .filter((m) => query.gpuModel === undefined || m.gpu_model === query.gpuModel)
          .map(marketToApi),
      })
    },
  )

  get(
    {
      path: '/v1/markets/:id',
      summary: 'One market with its price history and queue',
      params: paramsOf.id,
      response: marketDetailSchema,
    },
    async (c) => {
      const { id } = parse(paramsOf.id, c.req.param())
      const row = await cached(`market:${id}`, () => getMarket(db, id))
      if (!row) throw new ApiError(404, 'not_found', `id: no market ${id} in the index`)
      return c.json({
        ...marketToApi(row),
        priceHistory: row.priceHistory.map((u) => ({
          cause: u.cause,
          oldPrice: String(u.old_price),
          newPrice: String(u.new_price),
          utilizationBps: u.utilization_bps,
          ...chainRef(u),
        })),
        queue: row.queue.map((q) => ({ provider: q.provider, slots: q.slots, reputation: q.reputation })),
      })
    },
  )

  get(
    {
      path: '/v1/leases',
      summary: 'Leases, newest first, paginated',
      query: leasesQuerySchema,
      response: leasePageSchema,
    },
    async (c) => {
      const query = parse(leasesQuerySchema, c.req.query())
      const limit = query.limit ?? defaultPageLimit
      const rows = await listLeases(db, {
        limit,
        ...(query.consumer === undefined ? {} : { consumer: query.consumer }),
        ...(query.provider === undefined ? {} : { provider: query.provider }),
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.market === undefined ? {} : { market: query.market }),
        ...(query.cursor === undefined ? {} : { before: decodeCursor(query.cursor, 'number') }),
      })
      return c.json(page(rows.map(leaseToApi), limit, (l) => l.id))
    },
  )

  get(
    {
      path: '/v1/leases/:id',
      summary: 'One lease with its top-ups and withdrawals',
      params: paramsOf.id,
      response: leaseDetailSchema,
    },
    async (c) => {
      const { id } = parse(paramsOf.id, c.req.param())
      const row = await cached(`lease:${id}`, () => getLease(db, id))
      if (!row) throw new ApiError(404, 'not_found', `id: no lease ${id} in the index`)
      return c.json({
        ...leaseToApi(row),
        topUps: row.topUps.map((t) => ({
          sender: t.sender,
          amount: String(t.amount),
          escrowed: String(t.escrowed),
          ...chainRef(t),
        })),
        withdrawals: row.withdrawals.map((w) => ({
          provider: w.provider,
          amount: String(w.amount),
          fee: String(w.fee),
          ...chainRef(w),
        })),
      })
    },
  )

  get(
    {
      path: '/v1/orders',
      summary: 'Reverse-auction orders, newest first, paginated',
      query: ordersQuerySchema,
      response: orderPageSchema,
    },
    async (c) => {
      const query = parse(ordersQuerySchema, c.req.query())
      const limit = query.limit ?? defaultPageLimit
      const min = query.minMaxPrice === undefined ? undefined : BigInt(query.minMaxPrice)
      const rows = await listOrders(db, {
        limit,
        ...(query.consumer === undefined ? {} : { consumer: query.consumer }),
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.market === undefined ? {} : { market: query.market }),
        ...(query.cursor === undefined ? {} : { before: decodeCursor(query.cursor, 'number') }),
      })
      // The price filter runs after the page is cut, so `next` follows the unfiltered keys.
      const result = page(rows.map(orderToApi), limit, (o) => o.id)
      return c.json({
        ...result,
        items: result.items.filter((o) => min === undefined || BigInt(o.maxPricePerSecond) >= min),
      })
    },
  )

  get(
    {
      path: '/v1/orders/:id',
      summary: 'One order with its bids',
      params: paramsOf.id,
      response: orderDetailSchema,
    },
    async (c) => {
      const { id } = parse(paramsOf.id, c.req.param())
      const row = await cached(`order:${id}`, () => getOrder(db, id))
      if (!row) throw new ApiError(404, 'not_found', `id: no order ${id} in the index`)
      return c.json({
        ...orderToApi(row),
        bids: row.bidList.map((b) => ({
          provider: b.provider,
          pricePerSecond: String(b.price),
          ...chainRef(b),
        })),
      })
    },
  )

  routes.push({
    method: 'get',
    path: '/v1/ws',
    summary:
      'WebSocket: send {"type":"subscribe","topic":"lease:<id>"|"market:<id>"|"leases"|"stats"}; the server pushes {"type":"event","topic","data"} when a committed batch touches it',
    response: z.object({}),
  })

  let document: unknown
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(routes, apiErrorSchema)
    return c.json(document)
  })

  app.get('/metrics', async (c) => {
    const state = await readState(db)
    const head = parameters.head?.()
    const text = metrics.render({
      hearth_indexer_cursor_block: { help: 'The last block the index holds.', value: state.cursor },
      hearth_indexer_cursor_timestamp_seconds: {
        help: 'Unix seconds of the cursor block.',
        value: state.cursorTimestamp,
      },
      hearth_indexer_head_block: { help: 'The chain head the follower last saw.', value: head },
      hearth_indexer_lag_blocks: {
        help: 'Blocks between the chain head and the cursor.',
        value:
          head === undefined || state.cursor === undefined ? undefined : Math.max(0, head - state.cursor),
      },
      hearth_api_websocket_clients: { help: 'Open WebSocket connections.', value: sockets.clients.size },
    })
    return c.text(text, 200, { 'content-type': 'text/plain; version=0.0.4' })
  })

  app.all('/v1/*', (c) => {
    throw new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)
  })

  app.all('*', async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      throw new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)
    }
    if (parameters.fallback) return parameters.fallback(c.req.path)
    return c.text('Hearth indexer API: see /openapi.json\n')
  })

  // WebSocket subscriptions.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  const subscriptions = new Map<WebSocket, Set<string>>()

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const ip = request.socket.remoteAddress ?? 'unknown'
    const refuse = (error: ApiError) => {
      const body = JSON.stringify(error.toJSON())
      const headers = error.status === 429 ? `retry-after: ${error.details?.retryAfterSeconds}\r\n` : ''
      socket.end(
        `HTTP/1.1 ${error.status} ${error.code}\r\ncontent-type: application/json\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      )
    }
    if (path !== '/v1/ws') {
      refuse(new ApiError(404, 'not_found', `no WebSocket route ${path}`))
      return
    }
    const wait = limiter.take(ip)
    if (wait > 0) {
      refuse(
        new ApiError(429, 'rate_limited', `too many requests: retry in ${wait} s`, {
          retryAfterSeconds: wait,
        }),
      )
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const topics = new Set<string>()
      subscriptions.set(ws, topics)
      ws.on('close', () => subscriptions.delete(ws))
      ws.on('message', (raw) => {
        let message: unknown
        try {
          message = JSON.parse(String(raw))
        } catch {
          send(ws, { type: 'error', error: { code: 'bad_request', message: 'message is not JSON' } })
          return
        }
        let parsed: z.output<typeof wsClientMessageSchema>
        try {
          parsed = parse(wsClientMessageSchema, message)
        } catch (error) {
          return send(ws, {
            type: 'error',
            error: { code: 'bad_request', message: (error as Error).message },
          })
        }
        if (parsed.type === 'subscribe') {
          if (topics.size >= 100 && !topics.has(parsed.topic)) {
            return send(ws, {
              type: 'error',
              error: { code: 'bad_request', message: 'topic: at most 100 subscriptions per connection' },
            })
          }
          topics.add(parsed.topic)
          send(ws, { type: 'subscribed', topic: parsed.topic })
        } else {
          topics.delete(parsed.topic)
          send(ws, { type: 'unsubscribed', topic: parsed.topic })
        }
      })
    })
  }

  function send(ws: WebSocket, message: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
  }

  function applied(batch: AppliedBatch): void {
    statsCache = undefined
    details.clear()
    if (subscriptions.size === 0) return
    const topics = topicsOf(batch)
    for (const [ws, subscribed] of subscriptions) {
      for (const topic of subscribed) {
        const events = topics.get(topic)
        if (!events) continue
        send(ws, {
          type: 'event',
          topic,
          data: {
            cursor: batch.cursor,
            ...(batch.reorgFrom === undefined ? {} : { reorgFrom: batch.reorgFrom }),
            events: events.map((e) => ({ name: e.name, blockNumber: e.blockNumber, txHash: e.txHash })),
          },
        })
      }
    }
  }

  return {
    app,
    upgrade,
    applied,
    close() {
      for (const ws of sockets.clients) ws.terminate()
      sockets.close()
    },
  }
}
