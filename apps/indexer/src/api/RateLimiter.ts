/** Options of {@link RateLimiter}: a token bucket per client. */
export type RateLimiterOptions = {
  /** Requests a client may make per second, sustained. */
  ratePerSecond: number
  /** Requests a client may make at once after being idle. */
  burst: number
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number
}

type Bucket = { tokens: number; at: number }

/**
 * A token bucket per client key (the client's IP): each request takes a token; tokens refill at
 * `ratePerSecond` up to `burst`. Idle buckets are dropped so the map stays small.
 */
export class RateLimiter {
  readonly #rate: number
  readonly #burst: number
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()
  #lastSweep = 0

  constructor(options: RateLimiterOptions) {
    this.#rate = options.ratePerSecond
    this.#burst = options.burst
    this.#now = options.now ?? Date.now
  }

  /**
   * Takes a token for `key`.
   * @returns 0 when the request may go on, else the seconds to wait before the next token.
   */
  take(key: string): number {
    const now = this.#now()
    if (now - this.#lastSweep > 60_000) this.#sweep(now)
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: now }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#rate)
    bucket.at = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#rate))
  }

  #sweep(now: number): void {
    this.#lastSweep = now
    const full = (this.#burst / this.#rate) * 1000
    for (const [key, bucket] of this.#buckets) if (now - bucket.at > full) this.#buckets.delete(key)
  }
}
