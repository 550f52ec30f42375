import { BaseError } from '../errors/BaseError.js'

/** A private key (e.g. from `HEARTH_PRIVATE_KEY`) is not valid. The message never includes the key. */
export class InvalidPrivateKeyError extends BaseError {
  override name = 'InvalidPrivateKeyError'
  /** Where the key came from, e.g. `HEARTH_PRIVATE_KEY`. */
  readonly source: string

  /**
   * @param source Where the key came from, e.g. `HEARTH_PRIVATE_KEY`.
   * @param reason What is wrong, without quoting the key.
   */
  constructor(source: string, reason: string) {
    super(`${source} is not a valid private key: ${reason}.`)
    this.source = source
  }
}
