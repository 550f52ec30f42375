/** An error the indexer API answered with (`{ error: { code, message } }`), or a failed request. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}
