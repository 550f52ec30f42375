import { BaseError } from '../errors/BaseError.js'

/** A keystore must be opened but no password was given. */
export class KeystorePasswordRequiredError extends BaseError {
  override name = 'KeystorePasswordRequiredError'
  /** The keystore file. */
  readonly path: string

  /** @param path The keystore file. */
  constructor(path: string) {
    super(
      `The keystore ${path} needs a password: set HEARTH_PASSWORD, or run interactively to be asked for it.`,
    )
    this.path = path
  }
}
