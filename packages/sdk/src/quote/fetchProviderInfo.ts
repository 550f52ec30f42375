/** What {@link fetchProviderInfo} returns: the provider's public `/v1/info`, or why it is unreachable. */
export type FetchProviderInfoReturnType =
  | {
      reachable: true
      /** The answer of `GET /v1/info` (hardware, markets, pricing policy), as sent. */
      info: Record<string, unknown>
      /** Round-trip time of the request. */
      latencyMs: number
    }
  | { reachable: false; reason: string }

/** Parameters of {@link fetchProviderInfo}. */
export type FetchProviderInfoParameters = {
  /** The endpoint the provider registered, e.g. `https://gpu1.example.org:8443`. */
  endpoint: string
  /** Give up after this long (default 3000). */
  timeoutMs?: number | undefined
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof globalThis.fetch | undefined
}

/**
 * Asks a provider agent for its public info (`GET /v1/info`, docs/provider-api.md), which needs no
 * token. Never throws: an unreachable provider, a timeout or an answer that is not a JSON object is
 * `{ reachable: false, reason }`, so a quote can list who answered and who did not.
 * @param parameters The endpoint and a timeout.
 */
export async function fetchProviderInfo(
  parameters: FetchProviderInfoParameters,
): Promise<FetchProviderInfoReturnType> {
  const { endpoint, timeoutMs = 3000, fetch = globalThis.fetch } = parameters
  let url: URL
  try {
    url = new URL('/v1/info', endpoint)
  } catch {
    return { reachable: false, reason: `its endpoint "${endpoint}" is not a URL` }
  }
  const started = performance.now()
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    })
    if (!response.ok) return { reachable: false, reason: `${url.href} answered HTTP ${response.status}` }
    const info: unknown = await response.json()
    if (typeof info !== 'object' || info === null || Array.isArray(info)) {
      return { reachable: false, reason: `${url.href} did not answer a JSON object` }
    }
    return {
      reachable: true,
      info: info as Record<string, unknown>,
      latencyMs: Math.round(performance.now() - started),
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const why =
      (error as { name?: unknown }).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : typeof cause?.code === 'string'
          ? cause.code
          : typeof cause?.message === 'string'
            ? cause.message
            : error instanceof Error
              ? error.message
              : String(error)
    return { reachable: false, reason: `${url.host} is unreachable (${why})` }
  }
}
