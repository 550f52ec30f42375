import { BaseError } from '../errors/BaseError.js'

/** A keystore file could not be read or written. */
export class KeystoreFileError extends BaseError {
  override name = 'KeystoreFileError'
  /** The file. */
  readonly path: string

  /**
   * @param path The file.
   * @param operation `read` or `write`.
   * @param cause The file system error.
   */
  constructor(path: string, operation: 'read' | 'write', cause: unknown) {
    super(`Could not ${operation} the keystore file ${path}.`, { cause })
    this.path = path
  }
}
