import type { Hash } from 'viem'
import { BaseError } from './BaseError.js'

/**
 * A mined transaction reverted and replaying it did not reveal why (out of gas, or state that changed
 * since). A revert whose reason is known is a {@link ContractRevertError} with `transactionHash` set.
 */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError'
  /** The reverted transaction. */
  readonly transactionHash: Hash
  /** What was being done, e.g. `Marketplace.openLease`. */
  readonly operation: string

  /**
   * @param parameters The transaction's hash and what it did.
   */
  constructor({ transactionHash, operation }: { transactionHash: Hash; operation: string }) {
    super(`${operation} reverted in transaction ${transactionHash}.`, {
      details: 'The reason could not be recovered (out of gas, or the state changed since).',
    })
    this.transactionHash = transactionHash
    this.operation = operation
  }
}
