import { BaseError } from '../errors/BaseError.js'

/** The password does not open the keystore: its MAC does not match. */
export class KeystorePasswordError extends BaseError {
  override name = 'KeystorePasswordError'

  constructor() {
    super('Wrong password for the keystore (its MAC does not match).')
  }
}
