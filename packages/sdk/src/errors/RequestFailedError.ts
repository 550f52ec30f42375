import { BaseError } from './BaseError.js'

/**
 * A request to the node failed for a reason other than a contract revert: network, RPC, signing, a
 * wallet that refused, too little gas money. `cause` holds the underlying (viem) error.
 */
export class RequestFailedError extends BaseError {
  override name = 'RequestFailedError'
  /** What was being done, e.g. `Marketplace.openLease`. */
  readonly operation: string

  /**
   * @param operation What was being done, e.g. `Marketplace.openLease`.
   * @param cause The underlying error.
   */
  constructor(operation: string, cause: unknown) {
    super(`${operation} failed.`, { cause })
    this.operation = operation
  }
}
