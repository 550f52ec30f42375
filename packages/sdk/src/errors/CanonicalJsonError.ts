import { BaseError } from './BaseError.js'

/** A value has no canonical JSON form (a bigint, a non-finite number, a function, a class instance…). */
export class CanonicalJsonError extends BaseError {
  override name = 'CanonicalJsonError'
  /** Where in the value, e.g. `$.resources.cpu`. */
  readonly path: string

  /**
   * @param path Where in the value, e.g. `$.resources.cpu`.
   * @param reason What the value is and why it cannot be written.
   */
  constructor(path: string, reason: string) {
    super(`Cannot write ${path} as canonical JSON: ${reason}.`)
    this.path = path
  }
}
