import type { Address } from 'viem'
import { BaseError } from './BaseError.js'

/** The lease belongs to another consumer than the account acting on it. */
export class LeaseNotYoursError extends BaseError {
  override name = 'LeaseNotYoursError'
  readonly lease: bigint
  /** The lease's consumer on chain. */
  readonly consumer: Address
  /** The account that tried. */
  readonly account: Address

  /**
   * @param parameters The lease, its consumer and the account.
   */
  constructor(parameters: { lease: bigint; consumer: Address; account: Address }) {
    super(
      `Lease ${parameters.lease} is not yours: its consumer is ${parameters.consumer}, you are ${parameters.account}.`,
    )
    this.lease = parameters.lease
    this.consumer = parameters.consumer
    this.account = parameters.account
  }
}
