import { BaseError } from './BaseError.js'

/**
 * A provider's API could not be reached: the connection was refused, timed out or dropped before an
 * answer. Names the endpoint (from the provider registry) so the user knows where it was looked for.
 */
export class ProviderUnreachableError extends BaseError {
  override name = 'ProviderUnreachableError'
  /** The endpoint tried, e.g. `https://gpu1.example.org:8443`. */
  readonly endpoint: string

  /**
   * @param endpoint The endpoint tried.
   * @param reason Why, in a few words (e.g. `connection refused`, `no answer in 10 s`).
   * @param cause The underlying error.
   */
  constructor(endpoint: string, reason: string, cause?: unknown) {
    // The reason says all a user needs: no details from the cause (fetch's own is "fetch failed").
    super(`Provider unreachable at ${endpoint}: ${reason}.`, { cause, details: '' })
    this.endpoint = endpoint
  }
}
