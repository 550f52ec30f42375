/** Options every Hearth error takes. */
export type BaseErrorParameters = {
  /** The error that caused this one, if any. */
  cause?: unknown
  /** More detail, shown after the short message. */
  details?: string | undefined
  /** Extra lines shown between the short message and the details. */
  metaMessages?: readonly string[] | undefined
}

/**
 * The root of every error the SDK throws: a one-line `shortMessage` fit to show a user, optional
 * `details`, and the `cause` it wraps. `message` joins them. Each condition has its own subclass.
 */
export class BaseError extends Error {
  override name = 'HearthError'
  /** One line, fit to show a user. */
  readonly shortMessage: string
  /** More detail (often the wrapped error's message), or an empty string. */
  readonly details: string
  /** Extra lines (e.g. decoded arguments) shown in `message`. */
  readonly metaMessages: readonly string[]

  /**
   * @param shortMessage One line, fit to show a user.
   * @param parameters Cause, details and extra lines.
   */
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? causeMessage(parameters.cause)
    const metaMessages = parameters.metaMessages ?? []
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ['', ...metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n')
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = metaMessages
  }

  /**
   * Walks this error and its causes, returning the first one `predicate` accepts, or the last one.
   * @param predicate Which error to stop at; without it, the innermost cause is returned.
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    for (let depth = 0; depth < 32; depth++) {
      if (predicate?.(current)) return current
      const next = current instanceof Error ? current.cause : undefined
      if (next === undefined) return predicate ? undefined : current
      current = next
    }
    return predicate ? undefined : current
  }
}

/** A short description of `cause` for `details`: its short message when it has one. */
function causeMessage(cause: unknown): string {
  if (cause === undefined) return ''
  if (typeof cause === 'object' && cause !== null) {
    const short = (cause as { shortMessage?: unknown }).shortMessage
    if (typeof short === 'string' && short.length > 0) return short
    const message = (cause as { message?: unknown }).message
    if (typeof message === 'string') return message.split('\n')[0] ?? ''
  }
  return String(cause)
}
