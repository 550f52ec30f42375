import { BaseError } from '../errors/BaseError.js'

/** A keystore is not a Web3 Secret Storage v3 file Hearth can read; `field` says where. */
export class KeystoreFormatError extends BaseError {
  override name = 'KeystoreFormatError'
  /** The offending field, e.g. `crypto.kdfparams.n`. */
  readonly field: string

  /**
   * @param field The offending field, e.g. `crypto.kdfparams.n`.
   * @param reason What is wrong with it.
   */
  constructor(field: string, reason: string) {
    super(`The keystore is invalid: ${field} ${reason}.`)
    this.field = field
  }
}
