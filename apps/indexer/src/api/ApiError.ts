import type { IndexerApiErrorCode } from '@hearth/sdk'

/** An error the API answers with its one shape: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: 400 | 404 | 429 | 500
  readonly code: IndexerApiErrorCode
  readonly details: Record<string, unknown> | undefined

  /**
   * @param status The HTTP status.
   * @param code The stable code.
   * @param message One line naming the field or the problem.
   * @param details Anything a client may act on.
   */
  constructor(
    status: 400 | 404 | 429 | 500,
    code: IndexerApiErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }

  /** The response body. */
  toJSON(): { error: { code: IndexerApiErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    }
  }
}
