import { BaseError } from './BaseError.js'

/**
 * A foreign job description (an Akash SDL, a Nosana job definition) cannot be converted into a Hearth
 * job spec at all: it does not parse, is not the format it claims, or lacks what every spec needs
 * (an image). What merely cannot be carried over is a warning, not this error.
 */
export class ImportError extends BaseError {
  override name = 'ImportError'
  /** What was being imported: `Akash SDL` or `Nosana job definition`. */
  readonly format: string
  /** Why, as given (e.g. `it is not an Akash SDL (…)`). */
  readonly reason: string
  /** Whether the file is not of the format at all (rather than a broken one). */
  readonly wrongFormat: boolean

  /**
   * @param format What was being imported, e.g. `Akash SDL`.
   * @param reason Why it cannot be converted, one line.
   * @param problems More lines (e.g. each invalid field), when there are several.
   * @param wrongFormat The file is not of the format at all.
   */
  constructor(format: string, reason: string, problems: readonly string[] = [], wrongFormat = false) {
    super(`Cannot import the ${format}: ${reason}`, { metaMessages: problems })
    this.format = format
    this.reason = reason
    this.wrongFormat = wrongFormat
  }
}
