import { BaseError } from './BaseError.js'

/**
 * The indexer API answered with an error (`{ error: { code, message, details? } }`): `code` is its
 * stable code (`bad_request`, `not_found`, `rate_limited`, `internal`), `status` the HTTP status.
 */
export class IndexerApiError extends BaseError {
  override name = 'IndexerApiError'
  /** The API's stable error code. */
  readonly code: string
  /** The HTTP status (0 when the API could not be reached). */
  readonly status: number
  /** The API's `details`, when it sent any. */
  readonly apiDetails: Readonly<Record<string, unknown>> | undefined

  /**
   * @param parameters What the API answered, and where.
   */
  constructor(parameters: {
    url: string
    status: number
    code: string
    message: string
    details?: Readonly<Record<string, unknown>> | undefined
    cause?: unknown
  }) {
    super(parameters.message || `The indexer API at ${parameters.url} answered ${parameters.status}.`, {
      details: `${parameters.code}${parameters.status ? ` (HTTP ${parameters.status})` : ''} from ${parameters.url}`,
      cause: parameters.cause,
    })
    this.code = parameters.code
    this.status = parameters.status
    this.apiDetails = parameters.details
  }
}
