import type { z } from 'zod'
import { IndexerApiError } from '../errors/IndexerApiError.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type {
  IndexedLease,
  IndexedLeaseDetail,
  IndexedMarket,
  IndexedMarketDetail,
  IndexedOrder,
  IndexedOrderDetail,
  IndexedProvider,
  IndexedProviderDetail,
  IndexerPage,
  IndexerSeries,
  IndexerStats,
  leasesQuerySchema,
  marketsQuerySchema,
  ordersQuerySchema,
  providersQuerySchema,
  seriesQuerySchema,
} from './indexerApiSchemas.js'

/** Parameters of {@link createIndexerClient}. */
export type CreateIndexerClientParameters = {
  /** The indexer's base URL, e.g. `http://127.0.0.1:8600`. */
  url: string
  /** Gives up on a request after this long (default 10 000 ms). */
  timeoutMs?: number | undefined
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch | undefined
}

type Query<schema extends z.ZodType> = {
  [key in keyof z.input<schema>]?: z.input<schema>[key] | number | bigint | undefined
}

/** A typed client of the indexer API (routes and shapes: `GET /openapi.json`). */
export type IndexerClient = {
  readonly url: string
  getStats: () => Promise<IndexerStats>
  getSeries: (query: Query<typeof seriesQuerySchema>) => Promise<IndexerSeries>
  listProviders: (query?: Query<typeof providersQuerySchema>) => Promise<IndexerPage<IndexedProvider>>
  getProvider: (address: string) => Promise<IndexedProviderDetail>
  listMarkets: (query?: Query<typeof marketsQuerySchema>) => Promise<{ items: IndexedMarket[] }>
  getMarket: (id: number | bigint) => Promise<IndexedMarketDetail>
  listLeases: (query?: Query<typeof leasesQuerySchema>) => Promise<IndexerPage<IndexedLease>>
  getLease: (id: number | bigint) => Promise<IndexedLeaseDetail>
  listOrders: (query?: Query<typeof ordersQuerySchema>) => Promise<IndexerPage<IndexedOrder>>
  getOrder: (id: number | bigint) => Promise<IndexedOrderDetail>
  /** Every item of a paginated list, following `next` (at most `maxItems`, default 10 000). */
  listAll: <item>(
    list: (query: { cursor?: string; limit?: number }) => Promise<IndexerPage<item>>,
    maxItems?: number,
  ) => Promise<item[]>
  /** The `ws://` URL of the subscriptions endpoint. */
  readonly wsUrl: string
}

/**
 * A typed client of a Hearth indexer's HTTP API; works in browsers and Node (global fetch).
 *
 * @example
 * const indexer = createIndexerClient({ url: 'http://127.0.0.1:8600' })
 * const { revenue, gpuHours } = await indexer.getStats()
 * const { items, next } = await indexer.listLeases({ consumer, limit: 20 })
 *
 * @throws {InvalidParameterError} when `url` is not an http(s) URL.
 * Each method throws {@link IndexerApiError} when the API answers with an error or cannot be reached.
 */
export function createIndexerClient(parameters: CreateIndexerClientParameters): IndexerClient {
  let base: URL
  try {
    base = new URL(parameters.url)
  } catch {
    throw new InvalidParameterError('url', `is not a URL: ${parameters.url}`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidParameterError('url', `must be http:// or https://, not ${base.protocol}`)
  }
  const root = base.toString().replace(/\/+$/, '')
  const timeoutMs = parameters.timeoutMs ?? 10_000
  const doFetch = parameters.fetch ?? globalThis.fetch

  async function get<result>(path: string, query: Record<string, unknown> = {}): Promise<result> {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value))
    const url = `${root}${path}${search.size > 0 ? `?${search}` : ''}`
    let response: Response
    try {
      response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    } catch (cause) {
      throw new IndexerApiError({
        url: root,
        status: 0,
        code: 'unreachable',
        message: `No indexer API answers at ${root}.`,
        cause,
      })
    }
    const text = await response.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
        ?.error
      throw new IndexerApiError({
        url: root,
        status: response.status,
        code: typeof error?.code === 'string' ? error.code : 'http_error',
        message:
          typeof error?.message === 'string'
            ? `Indexer API: ${error.message}`
            : `The indexer API at ${root} answered HTTP ${response.status}.`,
        details: (error?.details as Record<string, unknown> | undefined) ?? undefined,
      })
    }
    if (body === undefined) {
      throw new IndexerApiError({
        url: root,
        status: response.status,
        code: 'bad_response',
        message: `The indexer API at ${root} answered ${path} with something other than JSON.`,
      })
    }
    return body as result
  }

  const id = (value: number | bigint) => encodeURIComponent(String(value))

  return {
    url: root,
    wsUrl: `${root.replace(/^http/, 'ws')}/v1/ws`,
    getStats: () => get('/v1/stats'),
    getSeries: (query) => get('/v1/stats/series', query),
    listProviders: (query) => get('/v1/providers', query),
    getProvider: (address) => get(`/v1/providers/${encodeURIComponent(address)}`),
    listMarkets: (query) => get('/v1/markets', query),
    getMarket: (market) => get(`/v1/markets/${id(market)}`),
    listLeases: (query) => get('/v1/leases', query),
    getLease: (lease) => get(`/v1/leases/${id(lease)}`),
    listOrders: (query) => get('/v1/orders', query),
    getOrder: (order) => get(`/v1/orders/${id(order)}`),
    async listAll(list, maxItems = 10_000) {
      const items: Awaited<ReturnType<typeof list>>['items'] = []
      let cursor: string | undefined
      do {
        const result = await list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) })
        items.push(...result.items)
        cursor = result.next ?? undefined
      } while (cursor !== undefined && items.length < maxItems)
      return items.slice(0, maxItems)
    },
  }
}
