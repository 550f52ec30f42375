import { BaseError } from './BaseError.js'

/** Why an access token was refused; each code maps to one HTTP status (see {@link AccessTokenError}). */
export type AccessTokenErrorCode =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'expires_too_far'
  | 'bad_signature'
  | 'wrong_provider'
  | 'not_consumer'
  | 'lease_not_yours'
  | 'scope'
  | 'unknown_lease'

const statuses = {
  missing: 401,
  malformed: 401,
  expired: 401,
  expires_too_far: 401,
  bad_signature: 401,
  wrong_provider: 403,
  not_consumer: 403,
  lease_not_yours: 403,
  scope: 403,
  unknown_lease: 404,
} as const satisfies Record<AccessTokenErrorCode, 401 | 403 | 404>

const apiCodes = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' } as const

/**
 * An access token for the provider API was refused. `status` is the HTTP status to answer with
 * (`401` when the token does not authenticate anyone, `403` when it does but grants nothing here,
 * `404` when the lease is unknown), `apiCode` the provider API's error code for it, and `code`
 * says which check failed.
 */
export class AccessTokenError extends BaseError {
  override name = 'AccessTokenError'
  /** Which check failed. */
  readonly code: AccessTokenErrorCode
  /** The HTTP status to answer with. */
  readonly status: 401 | 403 | 404
  /** The provider API error code for `status` (`unauthenticated`, `forbidden` or `not_found`). */
  readonly apiCode: 'unauthenticated' | 'forbidden' | 'not_found'

  /**
   * @param code Which check failed.
   * @param message One line saying which, in words.
   * @param cause The underlying error, if any.
   */
  constructor(code: AccessTokenErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? {} : { cause })
    this.code = code
    this.status = statuses[code]
    this.apiCode = apiCodes[this.status]
  }
}
