import { createReadStream } from 'node:fs'
import { lstat } from 'node:fs/promises'
import type { IncomingMessage, Server } from 'node:http'
import { join, normalize, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import { Readable } from 'node:stream'
import { hashResults, type Logger } from '@hearth/runtime'
import {
  type AccessScope,
  AccessTokenError,
  getLease,
  type HearthDeployment,
  LeaseState,
  verifyAccessToken,
} from '@hearth/sdk'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Address, Chain, Client, Transport } from 'viem'
import { WebSocketServer } from 'ws'
import type { Agent } from '../Agent.js'
import type { AgentMetrics } from '../metrics.js'
import { ApiError } from './ApiError.js'
import { readLogRecords } from './readLogRecords.js'

/** What the provider API needs. */
export type ProviderApiOptions = {
  agent: Agent
  deployment: HearthDeployment
  publicClient: Client<Transport, Chain | undefined>
  metrics: AgentMetrics
  logger: Logger
  /** The agent's version, shown by `/v1/health`. */
  version: string
  /** Wall clock, ms since the epoch. */
  now?: () => number
  /** Largest spec accepted, in bytes. Default 1 MiB. */
  maxSpecBytes?: number
}

/** The provider API: a Hono app for HTTP, and a handler for WebSocket upgrades (live logs). */
export type ProviderApi = {
  app: Hono
  /** Serves WebSocket upgrades on `server` (the HTTP server the app runs on). */
  attach: (server: Server) => void
  /** Closes open WebSockets. */
  close: () => void
}

const leaseIdPattern = /^(0|[1-9]\d{0,77})$/
const maxLeaseId = 2n ** 256n - 1n

function parseLeaseId(text: string | undefined): bigint {
  if (text === undefined || !leaseIdPattern.test(text) || BigInt(text) > maxLeaseId) {
    throw new ApiError(400, 'bad_request', `Lease id must be a decimal integer, got ${JSON.stringify(text)}.`)
  }
  return BigInt(text)
}

function parseOffset(text: string | undefined | null): number {
  if (text === undefined || text === null || text === '') return 0
  if (!/^\d{1,15}$/.test(text)) {
    throw new ApiError(
      400,
      'bad_request',
      `offset must be a byte offset (a non-negative integer), got ${JSON.stringify(text)}.`,
    )
  }
  return Number(text)
}

function tokenFrom(
  authorization: string | undefined | null,
  query: string | undefined | null,
): string | undefined {
  if (authorization) {
    const match = /^Hearth\s+(\S+)$/.exec(authorization)
    if (!match) {
      throw new ApiError(401, 'unauthenticated', 'The Authorization header must be "Hearth <token>".')
    }
    return match[1]
  }
  return query ?? undefined
}

/**
 * Builds the provider API (docs/provider-api.md): spec upload checked against the lease's spec hash
 * on chain, lease status, logs (NDJSON from an offset, or live over a WebSocket), results with their
 * hashes, exposed ports proxied, signed bids, health, info and metrics. Every lease route requires an
 * access token signed by the lease's consumer: 401 when it is missing or bad, 403 when it is not the
 * consumer's or does not cover the route, each with the reason.
 */
export function createProviderApi(options: ProviderApiOptions): ProviderApi {
  const { agent, deployment, publicClient, metrics, logger } = options
  const now = options.now ?? Date.now
  const maxSpecBytes = options.maxSpecBytes ?? 1024 * 1024
  const chainId = deployment.chainId
  const marketplace = deployment.contracts.marketplace

  async function leaseParties(lease: bigint): Promise<{ consumer: Address; provider: Address } | undefined> {
    const record = agent.lease(lease)
    if (record) return { consumer: record.consumer, provider: agent.address }
    const onChain = await getLease(publicClient, { deployment, leaseId: lease })
    if (onChain.state === LeaseState.None) return undefined
    return { consumer: onChain.consumer, provider: onChain.provider }
  }

  async function authorize(lease: bigint, scope: AccessScope, token: string | undefined): Promise<void> {
    let verified: { lease: bigint }
    try {
      verified = await verifyAccessToken({
        token,
        chainId,
        marketplace,
        provider: agent.address,
        scope,
        now: Math.floor(now() / 1000),
        leaseConsumer: leaseParties,
      })
    } catch (error) {
      if (error instanceof AccessTokenError) {
        throw new ApiError(error.status, error.apiCode, error.shortMessage, { reason: error.code })
      }
      throw error
    }
    if (verified.lease !== lease) {
      throw new ApiError(403, 'forbidden', `The token is for lease ${verified.lease}, not lease ${lease}.`, {
        reason: 'wrong_lease',
      })
    }
    // The token checked out against the chain, but this agent may not know the lease yet (its event
    // is still unconfirmed): say so rather than 404.
    if (!agent.lease(lease)) {
      throw new ApiError(
        409,
        'not_ready',
        `Lease ${lease} is not known to this provider yet: retry in a few seconds.`,
      )
    }
  }

  const app = new Hono()
  // Browser consoles on any origin call this API: access is by signed token, never by cookie, so
  // allowing every origin exposes nothing a token does not already grant.
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'PUT', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
    }),
  )

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status as 400)
    metrics.errors.inc({ where: 'api' })
    logger.error({ error: String(error), path: c.req.path }, 'provider API request failed')
    return c.json(new ApiError(500, 'internal', 'Internal error.').toJSON(), 500)
  })
  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`).toJSON(), 404),
  )

  app.get('/v1/health', (c) =>
    c.json({
      provider: agent.address,
      chainId,
      marketplace,
      version: options.version,
      leases: agent.journal.all().filter((r) => r.state === 'running' || r.state === 'starting').length,
    }),
  )

  app.get('/v1/info', (c) =>
    c.json({
      provider: agent.address,
      chainId,
      markets: agent.markets.map((m) => ({
        id: m.id,
        token: m.token,
        symbol: m.symbol,
        gpusPerLease: m.gpusPerLease,
        slots: m.slots,
      })),
    }),
  )

  app.get('/metrics', async (c) => {
    c.header('content-type', metrics.registry.contentType)
    return c.body(await metrics.registry.metrics())
  })

  const lease = (c: { req: { param: (name: string) => string | undefined } }) =>
    parseLeaseId(c.req.param('lease'))
  const token = (c: {
    req: { header: (name: string) => string | undefined; query: (name: string) => string | undefined }
  }) => tokenFrom(c.req.header('authorization'), c.req.query('token'))

  app.put('/v1/leases/:lease/spec', async (c) => {
    const id = lease(c)
    await authorize(id, 'spec', token(c))
    const length = Number(c.req.header('content-length') ?? '0')
    if (length > maxSpecBytes) throw new ApiError(413, 'too_large', `The spec is over ${maxSpecBytes} bytes.`)
    const text = await c.req.text()
    if (Buffer.byteLength(text) > maxSpecBytes)
      throw new ApiError(413, 'too_large', `The spec is over ${maxSpecBytes} bytes.`)
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw new ApiError(400, 'bad_request', `The body is not JSON: ${(error as Error).message}`)
    }
    return c.json(await agent.receiveSpec(id, raw), 202)
  })

  app.get('/v1/leases/:lease', async (c) => {
    const id = lease(c)
    await authorize(id, 'status', token(c))
    return c.json(await agent.status(id))
  })

  app.get('/v1/leases/:lease/logs', async (c) => {
    const id = lease(c)
    await authorize(id, 'logs', token(c))
    const offset = parseOffset(c.req.query('offset'))
    const dir = agent.jobDir(id)
    const { records, next } = dir
      ? await readLogRecords(join(dir, 'log.jsonl'), offset)
      : { records: [], next: offset }
    c.header('content-type', 'application/x-ndjson')
    c.header('x-hearth-next-offset', String(next))
    c.header('x-hearth-logs-done', String(agent.logsDone(id)))
    return c.body(records.map((r) => `${JSON.stringify(r)}\n`).join(''))
  })

  app.get('/v1/leases/:lease/results', async (c) => {
    const id = lease(c)
    await authorize(id, 'results', token(c))
    const record = agent.lease(id)
    const dir = agent.jobDir(id)
    if (!record?.resultHash || !dir) {
      throw new ApiError(
        409,
        'not_ready',
        `Lease ${id} has no results yet (it is ${record?.state ?? 'unknown'}).`,
      )
    }
    const results = await hashResults(join(dir, 'output'))
    return c.json({
      root: `0x${results.root}`,
      recorded: record.resultHash,
      files: results.files.map((f) => ({ path: f.path, kind: f.kind, size: f.sizeBytes, sha256: f.sha256 })),
    })
  })

  app.get('/v1/leases/:lease/results/files/*', async (c) => {
    const id = lease(c)
    await authorize(id, 'results', token(c))
    const dir = agent.jobDir(id)
    const record = agent.lease(id)
    if (!record?.resultHash || !dir) throw new ApiError(409, 'not_ready', `Lease ${id} has no results yet.`)
    const prefix = `/v1/leases/${c.req.param('lease')}/results/files/`
    const relative = decodeURIComponent(c.req.path.slice(prefix.length))
    const root = join(dir, 'output')
    const full = normalize(join(root, relative))
    if (relative === '' || relative.split('/').includes('..') || !full.startsWith(root + sep)) {
      throw new ApiError(400, 'bad_request', `Bad result path ${JSON.stringify(relative)}.`)
    }
    const info = await lstat(full).catch(() => undefined)
    if (!info?.isFile()) throw new ApiError(404, 'not_found', `No result file ${JSON.stringify(relative)}.`)
    c.header('content-type', 'application/octet-stream')
    c.header('content-length', String(info.size))
    return c.body(Readable.toWeb(createReadStream(full)) as ReadableStream)
  })

  app.all('/v1/leases/:lease/ports/:port/*', async (c) => {
    const id = lease(c)
    await authorize(id, 'ports', token(c))
    const port = Number(c.req.param('port'))
    const status = await agent.status(id)
    const published = status.ports.find((p) => p.port === port && p.protocol === 'tcp')
    if (!published) {
      throw new ApiError(
        404,
        'not_found',
        `Lease ${id} exposes no TCP port ${c.req.param('port')} (now: ${status.state}).`,
      )
    }
    const prefix = `/v1/leases/${c.req.param('lease')}/ports/${c.req.param('port')}`
    const url = new URL(c.req.url)
    const target = `http://127.0.0.1:${published.hostPort}${c.req.path.slice(prefix.length) || '/'}${url.search}`
    const headers = new Headers(c.req.raw.headers)
    headers.delete('authorization')
    headers.delete('host')
    const method = c.req.method
    try {
      const response = await fetch(target, {
        method,
        headers,
        redirect: 'manual',
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: c.req.raw.body, duplex: 'half' }),
      } as RequestInit)
      return new Response(response.body, { status: response.status, headers: response.headers })
    } catch (error) {
      throw new ApiError(
        502,
        'bad_gateway',
        `The job's port ${port} did not answer: ${(error as Error).message}`,
      )
    }
  })

  app.get('/v1/orders/:order/bid', async (c) => {
    const order = parseLeaseId(c.req.param('order'))
    const { bid, signature } = await agent.signedBid(order)
    return c.json({
      bid: {
        order: String(bid.order),
        provider: bid.provider,
        pricePerSecond: String(bid.pricePerSecond),
        deadline: String(bid.deadline),
      },
      signature,
    })
  })

  const sockets = new WebSocketServer({ noServer: true })

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = /^\/v1\/leases\/([^/]+)\/logs\/ws$/.exec(url.pathname)
    const refuse = (error: ApiError) => {
      const body = JSON.stringify(error.toJSON())
      socket.end(
        `HTTP/1.1 ${error.status} ${error.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      )
    }
    try {
      if (!match) throw new ApiError(404, 'not_found', `No WebSocket route ${url.pathname}.`)
      const id = parseLeaseId(match[1])
      await authorize(id, 'logs', tokenFrom(request.headers.authorization, url.searchParams.get('token')))
      let offset = parseOffset(url.searchParams.get('offset'))
      sockets.handleUpgrade(request, socket, head, (ws) => {
        let open = true
        ws.on('close', () => {
          open = false
        })
        void (async () => {
          while (open) {
            const dir = agent.jobDir(id)
            const done = agent.logsDone(id)
            const { records, next } = dir
              ? await readLogRecords(join(dir, 'log.jsonl'), offset)
              : { records: [], next: offset }
            for (const record of records) ws.send(JSON.stringify(record))
            offset = next
            if (records.length === 0 && done) {
              const status = agent.lease(id)
              ws.send(
                JSON.stringify({ done: true, next: offset, state: status?.state, reason: status?.reason }),
              )
              ws.close(1000, 'job ended')
              return
            }
            if (records.length === 0) await new Promise((resolve) => setTimeout(resolve, 200))
          }
        })().catch((error: unknown) => {
          logger.error({ error: String(error), lease: String(id) }, 'log stream failed')
          ws.close(1011, 'log stream failed')
        })
      })
    } catch (error) {
      refuse(error instanceof ApiError ? error : new ApiError(500, 'internal', 'Internal error.'))
    }
  }

  return {
    app,
    attach(server) {
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        void upgrade(request, socket, head)
      })
    },
    close() {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
    },
  }
}
