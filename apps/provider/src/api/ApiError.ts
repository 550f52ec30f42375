/** The stable error codes of the provider API (docs/provider-api.md). */
export type ApiErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'lease_closed'
  | 'spec_hash_mismatch'
  | 'spec_invalid'
  | 'spec_already_received'
  | 'not_ready'
  | 'bad_request'
  | 'too_large'
  | 'bad_gateway'
  | 'internal'

/** An error the provider API answers with `{ error: { code, message, details? } }` and `status`. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  readonly code: ApiErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(status: number, code: ApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }

  /** The JSON body. */
  toJSON(): { error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    }
  }
}
