import { BaseError } from './BaseError.js'

/**
 * A provider API answered with an error (`{ error: { code, message, details? } }`, see
 * docs/provider-api.md): `code` is the API's stable code (`forbidden`, `not_ready`, `lease_closed`, …),
 * `status` the HTTP status, and the short message the provider's own one line.
 */
export class ProviderApiError extends BaseError {
  override name = 'ProviderApiError'
  /** The API's stable error code, e.g. `forbidden` or `not_ready`. */
  readonly code: string
  /** The HTTP status. */
  readonly status: number
  /** The API's `details`, when it sent any. */
  readonly apiDetails: Readonly<Record<string, unknown>> | undefined
  /** The provider endpoint that answered. */
  readonly endpoint: string

  /**
   * @param parameters What the provider answered, and where.
   */
  constructor(parameters: {
    endpoint: string
    status: number
    code: string
    message: string
    details?: Readonly<Record<string, unknown>> | undefined
  }) {
    super(parameters.message || `The provider at ${parameters.endpoint} answered ${parameters.status}.`, {
      details: `${parameters.code} (HTTP ${parameters.status}) from ${parameters.endpoint}`,
    })
    this.code = parameters.code
    this.status = parameters.status
    this.apiDetails = parameters.details
    this.endpoint = parameters.endpoint
  }
}
