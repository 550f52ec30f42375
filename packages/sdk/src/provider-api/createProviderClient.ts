import {
  type Account,
  type Address,
  type Chain,
  type Client,
  getAddress,
  type Hex,
  isAddress,
  isAddressEqual,
  type Transport,
  zeroHash,
} from 'viem'
import { verifyTypedData } from 'viem/actions'
import { signAccessToken } from '../access/signAccessToken.js'
import { getLeaseClosed } from '../actions/getLeaseClosed.js'
import { getProvider } from '../actions/getProvider.js'
import { bidDomain, bidTypes, type SignedBid } from '../actions/signBid.js'
import type { HearthDeployment } from '../deployment.js'
import { BaseError } from '../errors/BaseError.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import { ProviderApiError } from '../errors/ProviderApiError.js'
import { ProviderNotRegisteredError } from '../errors/ProviderNotRegisteredError.js'
import { ProviderUnreachableError } from '../errors/ProviderUnreachableError.js'
import { ResultsMismatchError } from '../errors/ResultsMismatchError.js'
import { SpecHashMismatchError } from '../errors/SpecHashMismatchError.js'
import { resultsRoot } from '../results/resultsRoot.js'
import { canonicalJson } from '../utils/canonicalJson.js'
import type {
  LogRecord,
  LogsEnd,
  ProviderHealth,
  ProviderLeaseStatus,
  ResultManifest,
  ResultManifestFile,
} from './providerApiTypes.js'

/** The part of the WHATWG `WebSocket` the client uses (the browser's, Node 22's, or the `ws` package's). */
export type WebSocketLike = {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  close: (code?: number, reason?: string) => void
}

/** Builds a {@link WebSocketLike} for a URL. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** Parameters of {@link createProviderClient}. */
export type CreateProviderClientParameters = {
  /** The consumer's client: its account signs the access tokens; it also reads the chain. */
  wallet: Client<Transport, Chain | undefined, Account>
  /** The Hearth deployment (marketplace address and chain id for tokens, registry for the endpoint). */
  deployment: HearthDeployment
  /** The provider the leases run on. */
  provider: Address
  /** The provider API's base URL; default: the endpoint the provider registered on chain. */
  endpoint?: string | undefined
  /** Reads the chain (registry, lease events); default: `wallet`. */
  publicClient?: Client<Transport, Chain | undefined> | undefined
  /** How long one HTTP request may take before the provider counts as unreachable; default 10 000. */
  timeoutMs?: number | undefined
  /** Lifetime of the access tokens the client signs; default 3600 s (renewed 5 minutes before expiry). */
  tokenLifetimeSeconds?: number | undefined
  /** `fetch` to use; default the global one. */
  fetch?: typeof fetch | undefined
  /** WebSocket class to use; default the global one, else the `ws` package. */
  WebSocket?: WebSocketConstructor | undefined
  /** Wall clock in ms since the epoch; default `Date.now`. */
  now?: (() => number) | undefined
}

/** Options of {@link ProviderClient.followLogs}. */
export type FollowLogsOptions = {
  /** Byte offset to start from (a record's `next`); default 0, the beginning. */
  offset?: number | undefined
  /** Called with each record once, in order; awaited before the next one. */
  onRecord: (record: LogRecord) => void | Promise<void>
  /** Stops following (the promise then resolves with where it got to). */
  signal?: AbortSignal | undefined
  /**
   * Consecutive failed connection attempts before giving up; default 8 (about 30 s of backoff), or no
   * limit when `giveUpAfterMs` is set.
   */
  maxReconnects?: number | undefined
  /** Give up when the provider has been unreachable this long (one outage, from its first failure). */
  giveUpAfterMs?: number | undefined
  /** Called when a dropped connection is being retried. */
  onReconnect?: ((attempt: number, offset: number) => void) | undefined
  /**
   * Called when the provider cannot be reached, before each retry: `attempt` counts the failures of
   * this outage (1 on its first), `error` says why.
   */
  onUnreachable?:
    | ((outage: {
        attempt: number
        endpoint: string
        error: ProviderUnreachableError
        sinceMs: number
      }) => void)
    | undefined
  /** Called when the stream is back after an outage reported to `onUnreachable`. */
  onReconnected?: ((outage: { attempts: number; endpoint: string; downMs: number }) => void) | undefined
}

/** Options of {@link ProviderClient.putSpec}. */
export type PutSpecOptions = {
  /**
   * How long to retry while the provider has not seen the lease yet (`409 not_ready`: its event is
   * still unconfirmed there); default 30 000 ms.
   */
  notReadyTimeoutMs?: number | undefined
}

/** A typed client of one provider's API (docs/provider-api.md), acting for one consumer. */
export type ProviderClient = {
  /** The provider's address. */
  readonly provider: Address
  /** The API's base URL (looked up in the registry on first use when not given). */
  endpoint: () => Promise<string>
  /** An access token for `lease` covering every scope, signed once and cached until near expiry. */
  accessToken: (lease: bigint) => Promise<string>
  /** `GET /v1/health`. */
  health: () => Promise<ProviderHealth>
  /**
   * Sends the job spec (as submitted, canonical JSON) for `lease`; retries while the provider has not
   * seen the lease yet.
   * @throws {SpecHashMismatchError} when it is not the spec the lease was opened with.
   */
  putSpec: (lease: bigint, spec: unknown, options?: PutSpecOptions) => Promise<ProviderLeaseStatus>
  /** The lease as the agent runs it: state, reason, exit code, ports. */
  getLeaseStatus: (lease: bigint) => Promise<ProviderLeaseStatus>
  /** Log records from byte `offset`, the offset to continue from, and whether the log has ended. */
  readLogs: (
    lease: bigint,
    options?: { offset?: number | undefined },
  ) => Promise<{ records: LogRecord[]; next: number; done: boolean }>
  /**
   * Follows the live log over a WebSocket until the job ends, reconnecting after a drop and resuming
   * from the last record's `next`, so every line is delivered once, in order.
   * @returns Where the log ended and the job's final state (or where it stopped, when aborted).
   */
  followLogs: (lease: bigint, options: FollowLogsOptions) => Promise<LogsEnd>
  /**
   * The result manifest, checked: its root must be the hash of its entries, and the result hash the
   * provider recorded on chain when it finished the lease.
   * @throws {ResultsMismatchError} when either check fails.
   */
  getResults: (lease: bigint) => Promise<ResultManifest>
  /** One result file's bytes as a stream (check them against the manifest: `downloadResults` does). */
  openResultFile: (lease: bigint, path: string) => Promise<ReadableStream<Uint8Array>>
  /**
   * The provider's signed bid for an open auction order, checked (signature, provider, order).
   * @throws {ProviderApiError} `not_found` with the provider's reason when it does not bid.
   */
  getSignedBid: (order: bigint) => Promise<SignedBid>
}

type Cached = { token: Promise<string>; expiresAt: number }

const renewBeforeSeconds = 300

/**
 * A client of one provider's API for one consumer: signs short-lived access tokens with the wallet's
 * account (EIP-712, cached per lease), sends specs, reads status, logs (HTTP or a resumable WebSocket)
 * and results, and fetches signed auction bids. Every failure is typed: {@link ProviderApiError} with
 * the API's `code`, {@link SpecHashMismatchError}, {@link ProviderUnreachableError} naming the endpoint,
 * {@link ResultsMismatchError}.
 *
 * @example
 * const client = createProviderClient({ wallet, deployment, provider: opened.provider })
 * await client.putSpec(opened.leaseId, raw)
 * await client.followLogs(opened.leaseId, { onRecord: (r) => console.log(r.line) })
 *
 * @param parameters Wallet, deployment, provider and optional endpoint.
 * @returns The client.
 */
export function createProviderClient(parameters: CreateProviderClientParameters): ProviderClient {
  const { wallet, deployment } = parameters
  if (!isAddress(parameters.provider, { strict: false }))
    throw new InvalidParameterError('provider', `${parameters.provider} is not an address`)
  const provider = getAddress(parameters.provider)
  const reader = parameters.publicClient ?? wallet
  const timeoutMs = parameters.timeoutMs ?? 10_000
  const lifetime = parameters.tokenLifetimeSeconds ?? 3600
  const now = parameters.now ?? Date.now
  const fetchImpl = parameters.fetch ?? globalThis.fetch
  const tokens = new Map<string, Cached>()

  let endpointPromise: Promise<string> | undefined =
    parameters.endpoint === undefined ? undefined : Promise.resolve(normalizeEndpoint(parameters.endpoint))
  const endpoint = () => {
    endpointPromise ??= getProvider(reader, { deployment, provider }).then((record) => {
      if (record.status === 0) throw new ProviderNotRegisteredError(provider)
      if (!record.endpoint) throw new ProviderNotRegisteredError(provider, 'registered no API endpoint')
      return normalizeEndpoint(record.endpoint)
    })
    endpointPromise.catch(() => {
      endpointPromise = undefined
    })
    return endpointPromise
  }

  const accessToken = (lease: bigint) => {
    const key = lease.toString()
    const seconds = Math.floor(now() / 1000)
    const cached = tokens.get(key)
    if (cached && cached.expiresAt - renewBeforeSeconds > seconds) return cached.token
    const expiresAt = seconds + lifetime
    const token = signAccessToken(wallet, {
      marketplace: deployment.contracts.marketplace,
      chainId: deployment.chainId,
      lease,
      provider,
      scope: 'all',
      expiresAt,
    })
    tokens.set(key, { token, expiresAt })
    token.catch(() => tokens.delete(key))
    return token
  }

  /** One HTTP request; the answer when it is 2xx, else a typed error. */
  async function request(
    path: string,
    init: { method?: string; body?: string; lease?: bigint; stream?: boolean } = {},
  ): Promise<Response> {
    const base = await endpoint()
    const headers: Record<string, string> = {}
    if (init.lease !== undefined) headers.authorization = `Hearth ${await accessToken(init.lease)}`
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    let response: Response
    try {
      response = await fetchImpl(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: controller.signal,
      })
    } catch (error) {
      clearTimeout(timer)
      throw new ProviderUnreachableError(base, unreachableReason(error, timeoutMs), error)
    }
    // A streamed body may take longer than the timeout; a JSON answer is read under it.
    if (init.stream && response.ok) {
      clearTimeout(timer)
      return response
    }
    try {
      if (response.ok) {
        const text = await response.text()
        return new Response(text, { status: response.status, headers: response.headers })
      }
      throw await apiError(base, response)
    } catch (error) {
      if (error instanceof BaseError) throw error
      throw new ProviderUnreachableError(base, unreachableReason(error, timeoutMs), error)
    } finally {
      clearTimeout(timer)
    }
  }

  async function json<T>(path: string, init: Parameters<typeof request>[1] = {}): Promise<T> {
    const response = await request(path, init)
    const text = await response.text()
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new ProviderApiError({
        endpoint: await endpoint(),
        status: response.status,
        code: 'bad_response',
        message: `The provider's answer to ${path} is not JSON (${(cause as Error).message}).`,
      })
    }
  }

  const health = () => json<ProviderHealth>('/v1/health')

  async function getLeaseStatus(lease: bigint): Promise<ProviderLeaseStatus> {
    return toStatus(await json<RawStatus>(`/v1/leases/${lease}`, { lease }))
  }

  async function putSpec(lease: bigint, spec: unknown, options: PutSpecOptions = {}) {
    const body = canonicalJson(spec)
    const deadline = now() + (options.notReadyTimeoutMs ?? 30_000)
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      try {
        return toStatus(await json<RawStatus>(`/v1/leases/${lease}/spec`, { method: 'PUT', body, lease }))
      } catch (error) {
        if (!(error instanceof ProviderApiError) || error.code !== 'not_ready' || now() + wait > deadline)
          throw error
      }
      await sleep(wait)
    }
  }

  async function readLogs(lease: bigint, options: { offset?: number | undefined } = {}) {
    const offset = checkOffset(options.offset)
    const response = await request(`/v1/leases/${lease}/logs?offset=${offset}`, { lease })
    const text = await response.text()
    const records = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogRecord)
    const header = response.headers.get('x-hearth-next-offset')
    const next = header !== null && /^\d+$/.test(header) ? Number(header) : (records.at(-1)?.next ?? offset)
    return { records, next, done: response.headers.get('x-hearth-logs-done') === 'true' }
  }

  async function webSocketClass(): Promise<WebSocketConstructor> {
    if (parameters.WebSocket) return parameters.WebSocket
    const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
    if (global) return global
    const ws = await import('ws')
    return ws.WebSocket as unknown as WebSocketConstructor
  }

  async function followLogs(lease: bigint, options: FollowLogsOptions): Promise<LogsEnd> {
    let offset = checkOffset(options.offset)
    const { signal, giveUpAfterMs } = options
    const maxReconnects =
      options.maxReconnects ?? (giveUpAfterMs === undefined ? 8 : Number.POSITIVE_INFINITY)
    const WebSocketClass = await webSocketClass()
    const base = await endpoint()
    let failures = 0
    /** When the current outage began (its first unreachable attempt), and its attempts. */
    let outage: { since: number; attempts: number } | undefined
    for (;;) {
      if (signal?.aborted) return { next: offset, state: undefined, reason: undefined }
      const url = `${base.replace(/^http/, 'ws')}/v1/leases/${lease}/logs/ws?offset=${offset}&token=${encodeURIComponent(await accessToken(lease))}`
      const session = await new Promise<
        { kind: 'done'; end: LogsEnd } | { kind: 'dropped'; progressed: boolean; error?: unknown }
      >((resolve) => {
        let settled = false
        let progressed = false
        let chain: Promise<void> = Promise.resolve()
        let end: LogsEnd | undefined
        const socket = new WebSocketClass(url)
        const finish = (
          outcome: { kind: 'done'; end: LogsEnd } | { kind: 'dropped'; progressed: boolean; error?: unknown },
        ) => {
          if (settled) return
          settled = true
          signal?.removeEventListener('abort', onAbort)
          // Every record received before the end is delivered first.
          void chain.then(() => resolve(outcome))
        }
        const onAbort = () => {
          socket.close(1000, 'stopped by the consumer')
          finish({ kind: 'done', end: { next: offset, state: undefined, reason: undefined } })
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        // A connection that neither opens nor fails (packets dropped) counts as a failed attempt.
        const opening = setTimeout(() => {
          if (progressed) return
          socket.close()
          finish({ kind: 'dropped', progressed })
        }, timeoutMs)
        socket.onopen = () => {
          clearTimeout(opening)
          progressed = true
          if (outage) {
            options.onReconnected?.({
              attempts: outage.attempts,
              endpoint: base,
              downMs: now() - outage.since,
            })
            outage = undefined
          }
        }
        socket.onmessage = (event) => {
          let message: Record<string, unknown>
          try {
            message = JSON.parse(decode(event.data)) as Record<string, unknown>
          } catch {
            return
          }
          if (message.done === true) {
            end = {
              next: typeof message.next === 'number' ? message.next : offset,
              state: message.state as LogsEnd['state'],
              reason: typeof message.reason === 'string' ? message.reason : undefined,
            }
            return
          }
          const record = message as unknown as LogRecord
          chain = chain.then(async () => {
            // A record before where we are was delivered already (a resend after a reconnect).
            if (settled && signal?.aborted) return
            if (record.offset < offset) return
            await options.onRecord(record)
            offset = record.next
          })
        }
        socket.onerror = (error) => {
          clearTimeout(opening)
          finish({ kind: 'dropped', progressed, error })
        }
        socket.onclose = () => {
          clearTimeout(opening)
          if (end) finish({ kind: 'done', end: { ...end, next: Math.max(end.next, offset) } })
          else finish({ kind: 'dropped', progressed })
        }
      })
      if (session.kind === 'done') return { ...session.end, next: Math.max(session.end.next, offset) }
      if (signal?.aborted) return { next: offset, state: undefined, reason: undefined }
      if (!session.progressed) {
        // The upgrade was refused or the provider is down: ask over HTTP, which says why (a 403, a
        // lease it does not know); only being unreachable is worth retrying.
        try {
          await readLogs(lease, { offset })
        } catch (error) {
          if (!(error instanceof ProviderUnreachableError)) throw error
          outage ??= { since: now(), attempts: 0 }
          outage.attempts += 1
          const downMs = now() - outage.since
          if (failures >= maxReconnects) throw error
          if (giveUpAfterMs !== undefined && downMs >= giveUpAfterMs) {
            throw new ProviderUnreachableError(
              base,
              `no answer for ${Math.round(downMs / 1000)} s (${outage.attempts} attempts); gave up`,
            )
          }
          options.onUnreachable?.({ attempt: outage.attempts, endpoint: base, error, sinceMs: downMs })
        }
      }
      failures = session.progressed ? 0 : failures + 1
      if (failures > maxReconnects) {
        throw new ProviderUnreachableError(base, `the log stream failed ${failures} times in a row`)
      }
      options.onReconnect?.(failures, offset)
      const backoff = Math.min(250 * 2 ** Math.min(failures, 5), 5000)
      await sleep(
        outage && giveUpAfterMs !== undefined
          ? Math.max(0, Math.min(backoff, giveUpAfterMs - (now() - outage.since)))
          : backoff,
        signal,
      )
    }
  }

  async function getResults(lease: bigint): Promise<ResultManifest> {
    const raw = await json<{ root?: unknown; files?: unknown }>(`/v1/leases/${lease}/results`, { lease })
    const manifest = toManifest(raw, await endpoint())
    const computed = `0x${resultsRoot(manifest.files)}`
    if (computed !== manifest.root.toLowerCase()) {
      throw new ResultsMismatchError({ lease, kind: 'manifest', expected: manifest.root, actual: computed })
    }
    const closed = await getLeaseClosed(reader, { deployment, leaseId: lease })
    const recorded = closed?.resultHash
    if (recorded === undefined || recorded === zeroHash) {
      throw new ProviderApiError({
        endpoint: await endpoint(),
        status: 409,
        code: 'not_ready',
        message: closed
          ? `Lease ${lease} closed without a result hash on chain: its job did not finish.`
          : `Lease ${lease} has no result hash on chain yet: its job has not finished.`,
      })
    }
    if (recorded.toLowerCase() !== computed) {
      throw new ResultsMismatchError({ lease, kind: 'chain', expected: recorded, actual: computed })
    }
    return manifest
  }

  async function openResultFile(lease: bigint, path: string): Promise<ReadableStream<Uint8Array>> {
    const encoded = path.split('/').map(encodeURIComponent).join('/')
    const response = await request(`/v1/leases/${lease}/results/files/${encoded}`, { lease, stream: true })
    if (!response.body) return new ReadableStream({ start: (c) => c.close() })
    return response.body
  }

  async function getSignedBid(order: bigint): Promise<SignedBid> {
    const raw = await json<{ bid?: Record<string, unknown>; signature?: unknown }>(`/v1/orders/${order}/bid`)
    const base = await endpoint()
    const bad = (why: string) =>
      new ProviderApiError({ endpoint: base, status: 200, code: 'bad_bid', message: `Bad bid: ${why}.` })
    const bid = raw.bid
    if (!bid || typeof raw.signature !== 'string' || !/^0x[0-9a-fA-F]+$/.test(raw.signature))
      throw bad('no bid and signature')
    const number = (value: unknown) =>
      typeof value === 'string' && /^\d{1,78}$/.test(value) ? BigInt(value) : undefined
    const message = {
      order: number(bid.order),
      provider:
        typeof bid.provider === 'string' && isAddress(bid.provider) ? getAddress(bid.provider) : undefined,
      pricePerSecond: number(bid.pricePerSecond),
      deadline: number(bid.deadline),
    }
    if (
      message.order === undefined ||
      message.provider === undefined ||
      message.pricePerSecond === undefined ||
      message.deadline === undefined
    )
      throw bad('malformed fields')
    if (message.order !== order) throw bad(`it is for order ${message.order}, not ${order}`)
    if (!isAddressEqual(message.provider, provider)) throw bad(`it is signed for ${message.provider}`)
    const signed = { ...message } as SignedBid['bid']
    const valid = await verifyTypedData(reader, {
      address: provider,
      domain: bidDomain(deployment),
      types: bidTypes,
      primaryType: 'Bid',
      message: signed,
      signature: raw.signature as Hex,
    }).catch(() => false)
    if (!valid) throw bad(`its signature is not ${provider}'s`)
    return { bid: signed, signature: raw.signature as Hex }
  }

  return {
    provider,
    endpoint,
    accessToken,
    health,
    putSpec,
    getLeaseStatus,
    readLogs,
    followLogs,
    getResults,
    openResultFile,
    getSignedBid,
  }
}

type RawStatus = Omit<ProviderLeaseStatus, 'lease'> & { lease: string | number }

function toStatus(raw: RawStatus): ProviderLeaseStatus {
  return { ...raw, lease: BigInt(raw.lease), ports: raw.ports ?? [] }
}

function toManifest(raw: { root?: unknown; files?: unknown }, endpoint: string): ResultManifest {
  const bad = (why: string) =>
    new ProviderApiError({
      endpoint,
      status: 200,
      code: 'bad_response',
      message: `The result manifest is malformed: ${why}.`,
    })
  if (typeof raw.root !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(raw.root)) throw bad('no root hash')
  if (!Array.isArray(raw.files)) throw bad('no file list')
  const files: ResultManifestFile[] = raw.files.map((entry: unknown, index: number) => {
    const f = entry as Record<string, unknown>
    if (
      typeof f?.path !== 'string' ||
      (f.kind !== 'file' && f.kind !== 'symlink') ||
      typeof f.size !== 'number' ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256)
    )
      throw bad(`entry ${index} is not { path, kind, size, sha256 }`)
    return { path: f.path, kind: f.kind, size: f.size, sha256: f.sha256 }
  })
  return { root: raw.root as Hex, files }
}

async function apiError(endpoint: string, response: Response): Promise<ProviderApiError> {
  const text = await response.text()
  let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined
  try {
    body = JSON.parse(text) as typeof body
  } catch {}
  const code = typeof body?.error?.code === 'string' ? body.error.code : `http_${response.status}`
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : `The provider at ${endpoint} answered HTTP ${response.status}.`
  const details =
    typeof body?.error?.details === 'object' && body.error.details !== null
      ? (body.error.details as Record<string, unknown>)
      : undefined
  if (
    code === 'spec_hash_mismatch' &&
    typeof details?.expected === 'string' &&
    typeof details.actual === 'string'
  ) {
    return new SpecHashMismatchError({
      endpoint,
      message,
      expected: details.expected as Hex,
      actual: details.actual as Hex,
    })
  }
  return new ProviderApiError({ endpoint, status: response.status, code, message, details })
}

function normalizeEndpoint(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new InvalidParameterError('endpoint', `${JSON.stringify(endpoint)} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidParameterError('endpoint', `${endpoint} is not an http(s) URL`)
  return endpoint.replace(/\/+$/, '')
}

function checkOffset(offset: number | undefined): number {
  const value = offset ?? 0
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvalidParameterError('offset', 'must be a non-negative whole number of bytes')
  return value
}

/** Why a request got no answer, in a few words. */
function unreachableReason(error: unknown, timeoutMs: number): string {
  const codes: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    if (current.name === 'AbortError' || current.name === 'TimeoutError') codes.push('TIMEOUT')
    current = current.cause
  }
  if (codes.includes('ECONNREFUSED')) return 'connection refused'
  if (codes.includes('TIMEOUT') || codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT'))
    return `no answer in ${timeoutMs / 1000} s`
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'host not found'
  if (codes.includes('ECONNRESET') || codes.includes('UND_ERR_SOCKET')) return 'connection dropped'
  const first = codes[0]
  return first ? `connection failed (${first})` : 'connection failed'
}

function decode(data: unknown): string {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(data))
  if (ArrayBuffer.isView(data))
    return new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  return String(data)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
