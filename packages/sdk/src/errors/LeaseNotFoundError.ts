import { BaseError } from './BaseError.js'

/** No lease has this id on chain. */
export class LeaseNotFoundError extends BaseError {
  override name = 'LeaseNotFoundError'
  readonly lease: bigint

  /** @param lease The id looked up. */
  constructor(lease: bigint) {
    super(`There is no lease ${lease}.`)
    this.lease = lease
  }
}
