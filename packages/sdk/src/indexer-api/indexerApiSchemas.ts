// The indexer API's contract: request parameters and response bodies as zod schemas. The server
// validates its input with them and generates /openapi.json from them; the client's types come from
// them. Browser-safe (no node: imports). Money is a decimal string of token base units.
import { getAddress, isAddress } from 'viem'
import { z } from 'zod'

/** The most items one page may hold. */
export const maxPageLimit = 100

/** Items per page when `limit` is not given. */
export const defaultPageLimit = 50

const uint = (what: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,14})$/, `${what} must be a whole number in decimal (e.g. 12)`)
    .transform(Number)

/** A lease, market or order id in a path or query: a non-negative decimal integer. */
export const idSchema = uint('id')

/** An address in a path or query, returned checksummed. */
export const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'must be a 0x-prefixed 20-byte hex address')
  .transform((value) => getAddress(value))

/** Token base units as a decimal string. */
export const amountSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, 'must be a whole amount in base units, in decimal (e.g. 1000000)')

/** Unix seconds in a query. */
export const unixSecondsSchema = uint('time').describe('unix seconds')

/** `limit` and `cursor` of a paginated list. */
export const pageQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, `limit must be a whole number from 1 to ${maxPageLimit}`)
    .transform(Number)
    .refine((n) => n <= maxPageLimit, `limit must be at most ${maxPageLimit}`)
    .optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor must be the `next` of a previous page')
    .optional()
    .describe('opaque: the `next` of the previous page'),
})

/** The one error shape of every route. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(['bad_request', 'not_found', 'rate_limited', 'internal']),
    message: z.string().describe('one line naming the field or the problem'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})

/** The stable error codes of the indexer API. */
export type IndexerApiErrorCode = z.output<typeof apiErrorSchema>['error']['code']

const money = z.string().describe('decimal string of token base units')
const tokenAmount = z.object({ token: z.string(), amount: money })

/** A market's state and live utilization. */
export const marketUtilizationSchema = z.object({
  market: z.number().int(),
  gpuModel: z.string(),
  token: z.string(),
  gpusPerLease: z.number().int(),
  referencePricePerSecond: money,
  paused: z.boolean(),
  activeLeases: z.number().int(),
  idleSlots: z.number().int(),
  utilizationBps: z.number().int(),
  lastEpochUtilizationBps: z.number().int().nullable(),
})

/** `GET /v1/stats`. */
export const statsSchema = z.object({
  at: z.number().int().describe('unix seconds the figures are computed at'),
  revenue: z.array(tokenAmount),
  computeSeconds: z.number(),
  computeHours: z.number(),
  gpuSeconds: z.number(),
  gpuHours: z.number(),
  providers: z.number().int(),
  gpus: z.number().int(),
  cpuCores: z.number().int(),
  staked: money,
  transactions: z.number().int(),
  leases: z.number().int(),
  activeLeases: z.number().int(),
  jobsFinished: z.number().int(),
  clusters: z.number().int(),
  orders: z.number().int(),
  burned: z.array(tokenAmount),
  feesToTreasury: z.array(tokenAmount),
  slashed: money,
  hardware: z.object({
    gpus: z.array(
      z.object({ model: z.string(), region: z.string(), gpus: z.number(), providers: z.number() }),
    ),
    cpus: z.array(z.object({ region: z.string(), cpuCores: z.number(), providers: z.number() })),
  }),
  markets: z.array(marketUtilizationSchema),
  indexer: z.object({ cursor: z.number().int().nullable(), cursorTimestamp: z.number().int().nullable() }),
})

/** Query of `GET /v1/stats/series`. */
export const seriesQuerySchema = z.object({
  metric: z.enum(['revenue', 'gpuHours', 'burn', 'price', 'utilization'], {
    error: 'metric must be one of revenue, gpuHours, burn, price, utilization',
  }),
  bucket: z.enum(['hour', 'day'], { error: 'bucket must be hour or day' }).default('hour'),
  market: uint('market').optional(),
  from: uint('from').optional(),
  to: uint('to').optional(),
})

/** `GET /v1/stats/series`. */
export const seriesSchema = z.object({
  metric: z.string(),
  bucket: z.string(),
  points: z.array(
    z.object({
      t: z.number().int().describe('bucket start, unix seconds'),
      value: z.string().describe('decimal string'),
      key: z.string().describe('the series: a token address (revenue, burn) or a market id'),
    }),
  ),
})

/** A provider as the index holds it. */
export const providerSchema = z.object({
  address: z.string(),
  status: z.string(),
  gpu: z.object({
    vendor: z.number().int(),
    model: z.string(),
    count: z.number().int(),
    vramMiB: z.number(),
  }),
  cpuCores: z.number().int(),
  ramMiB: z.number(),
  diskGiB: z.number(),
  bandwidthMbps: z.number(),
  region: z.string(),
  complianceTags: z.string().describe('uint64 bitmask as a decimal string'),
  supplySource: z.number().int(),
  benchmarkGflops: z.number(),
  endpoint: z.string(),
  stake: money,
  unbonding: money,
  unbondingReadyAt: z.number().int(),
  reputation: z.number().int(),
  slashed: money,
  jobsSucceeded: z.number().int(),
  jobsFailed: z.number().int(),
  registeredAt: z.number().int(),
  registeredBlock: z.number().int(),
})

/** A lease as the index holds it. */
export const leaseSchema = z.object({
  id: z.number().int(),
  consumer: z.string(),
  provider: z.string(),
  market: z.number().int(),
  tier: z.number().int(),
  pricePerSecond: money,
  deposit: money,
  toppedUp: money,
  specHash: z.string(),
  order: z.number().int().describe('0 for a market take'),
  cluster: z.number().int().describe('0 outside a cluster'),
  state: z.enum(['active', 'closed']),
  openedAt: z.number().int(),
  openedBlock: z.number().int(),
  fundedUntil: z.number().int(),
  withdrawn: money,
  fees: money,
  closeReason: z.number().int().nullable(),
  closedBy: z.string().nullable(),
  endedAt: z.number().int().nullable(),
  refund: money.nullable(),
  resultHash: z.string().nullable(),
  closedBlock: z.number().int().nullable(),
  txHash: z.string(),
})

const chainRef = {
  blockNumber: z.number().int(),
  timestamp: z.number().int(),
  txHash: z.string(),
}

/** `GET /v1/leases/:id`. */
export const leaseDetailSchema = leaseSchema.extend({
  topUps: z.array(z.object({ sender: z.string(), amount: money, escrowed: money, ...chainRef })),
  withdrawals: z.array(z.object({ provider: z.string(), amount: money, fee: money, ...chainRef })),
})

/** `GET /v1/providers/:address`. */
export const providerDetailSchema = providerSchema.extend({
  queue: z.array(z.object({ market: z.number().int(), slots: z.number().int() })),
  recentLeases: z.array(leaseSchema),
})

/** A market as the index holds it. */
export const marketSchema = z.object({
  id: z.number().int(),
  gpuModel: z.string(),
  token: z.string(),
  minVramMiB: z.number(),
  gpusPerLease: z.number().int(),
  targetUtilizationBps: z.number().int(),
  referencePricePerSecond: money,
  minPricePerSecond: money,
  maxPricePerSecond: money,
  paused: z.boolean(),
  idleSlots: z.number().int(),
  activeLeases: z.number().int(),
  leasesOpened: z.number().int(),
  utilizationBps: z.number().int(),
  createdAt: z.number().int(),
})

/** Query of `GET /v1/markets`. */
export const marketsQuerySchema = z.object({
  maxPrice: amountSchema.optional().describe('only markets whose reference price is at most this'),
  gpuModel: z.string().max(32, 'gpuModel must be at most 32 characters').optional(),
})

/** `GET /v1/markets/:id`. */
export const marketDetailSchema = marketSchema.extend({
  priceHistory: z.array(
    z.object({
      cause: z.string().describe('created, config or epoch'),
      oldPrice: money,
      newPrice: money,
      utilizationBps: z.number().int().nullable(),
      ...chainRef,
    }),
  ),
  queue: z.array(z.object({ provider: z.string(), slots: z.number().int(), reputation: z.number().int() })),
})

/** An order of the reverse auction. */
export const orderSchema = z.object({
  id: z.number().int(),
  consumer: z.string(),
  market: z.number().int(),
  maxPricePerSecond: money,
  durationSeconds: z.number().int(),
  biddingEndsAt: z.number().int(),
  deposit: money,
  specHash: z.string(),
  state: z.enum(['open', 'accepted', 'cancelled']),
  bidCount: z.number().int(),
  winner: z.string().nullable(),
  lease: z.number().int().nullable(),
  pricePerSecond: money.nullable(),
  refund: money.nullable(),
  createdAt: z.number().int(),
  createdBlock: z.number().int(),
  closedBlock: z.number().int().nullable(),
  txHash: z.string(),
})

/** `GET /v1/orders/:id`. */
export const orderDetailSchema = orderSchema.extend({
  bids: z.array(z.object({ provider: z.string(), pricePerSecond: money, ...chainRef })),
})

/** Query of `GET /v1/providers`. */
export const providersQuerySchema = pageQuerySchema.extend({
  region: z.string().max(32, 'region must be at most 32 characters').optional(),
  gpuModel: z.string().max(32, 'gpuModel must be at most 32 characters').optional(),
})

/** Query of `GET /v1/leases`. */
export const leasesQuerySchema = pageQuerySchema.extend({
  consumer: addressSchema.optional(),
  provider: addressSchema.optional(),
  state: z.enum(['active', 'closed'], { error: 'state must be active or closed' }).optional(),
  market: uint('market').optional(),
})

/** Query of `GET /v1/orders`. */
export const ordersQuerySchema = pageQuerySchema.extend({
  consumer: addressSchema.optional(),
  state: z
    .enum(['open', 'accepted', 'cancelled'], { error: 'state must be open, accepted or cancelled' })
    .optional(),
  market: uint('market').optional(),
  minMaxPrice: amountSchema.optional().describe('only orders whose max price is at least this'),
})

/** A page of a list: `next` is the cursor of the following page, null on the last. */
export const pageSchema = <item extends z.ZodType>(item: item) =>
  z.object({ items: z.array(item), next: z.string().nullable() })

/** `GET /v1/providers`. */
export const providerPageSchema = pageSchema(providerSchema)
/** `GET /v1/leases`. */
export const leasePageSchema = pageSchema(leaseSchema)
/** `GET /v1/orders`. */
export const orderPageSchema = pageSchema(orderSchema)
/** `GET /v1/markets`. */
export const marketListSchema = z.object({ items: z.array(marketSchema) })

/** A message a WebSocket client sends to `/v1/ws`. */
export const wsClientMessageSchema = z.object({
  type: z.enum(['subscribe', 'unsubscribe'], { error: 'type must be subscribe or unsubscribe' }),
  topic: z
    .string()
    .regex(
      /^(leases|stats|lease:(0|[1-9][0-9]{0,14})|market:(0|[1-9][0-9]{0,14}))$/,
      'topic must be leases, stats, lease:<id> or market:<id>',
    ),
})

/** A message the server sends on `/v1/ws`. */
export const wsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), topic: z.string() }),
  z.object({ type: z.literal('unsubscribed'), topic: z.string() }),
  z.object({
    type: z.literal('event'),
    topic: z.string(),
    data: z.object({
      cursor: z.number().int(),
      events: z.array(z.object({ name: z.string(), blockNumber: z.number().int(), txHash: z.string() })),
    }),
  }),
  z.object({
    type: z.literal('error'),
    error: z.object({ code: z.literal('bad_request'), message: z.string() }),
  }),
])

/** Statistics of the network (`GET /v1/stats`). */
export type IndexerStats = z.output<typeof statsSchema>
/** `GET /v1/stats/series`. */
export type IndexerSeries = z.output<typeof seriesSchema>
/** A provider as the indexer API returns it. */
export type IndexedProvider = z.output<typeof providerSchema>
/** `GET /v1/providers/:address`. */
export type IndexedProviderDetail = z.output<typeof providerDetailSchema>
/** A market as the indexer API returns it. */
export type IndexedMarket = z.output<typeof marketSchema>
/** `GET /v1/markets/:id`. */
export type IndexedMarketDetail = z.output<typeof marketDetailSchema>
/** A lease as the indexer API returns it. */
export type IndexedLease = z.output<typeof leaseSchema>
/** `GET /v1/leases/:id`. */
export type IndexedLeaseDetail = z.output<typeof leaseDetailSchema>
/** An order as the indexer API returns it. */
export type IndexedOrder = z.output<typeof orderSchema>
/** `GET /v1/orders/:id`. */
export type IndexedOrderDetail = z.output<typeof orderDetailSchema>
/** A page of a list. */
export type IndexerPage<item> = { items: item[]; next: string | null }
/** A WebSocket message from the server. */
export type IndexerWsMessage = z.output<typeof wsServerMessageSchema>
