import type { Hash, Hex } from 'viem'
import { BaseError } from './BaseError.js'

/**
 * A contract reverted with data that matches no known error (or with none: a bare `revert()`, a
 * call to an address without code).
 */
export class UnknownRevertError extends BaseError {
  override name = 'UnknownRevertError'
  /** The raw revert data (`0x` when there was none). */
  readonly data: Hex
  /** What reverted, e.g. `Marketplace.openLease`. */
  readonly operation: string
  /** The mined transaction that reverted; undefined when the revert was caught before sending. */
  readonly transactionHash: Hash | undefined

  /**
   * @param parameters The raw data and where it came from.
   */
  constructor(parameters: {
    data: Hex
    operation: string
    transactionHash?: Hash | undefined
    cause?: unknown
  }) {
    const { data, operation, transactionHash, cause } = parameters
    const where = transactionHash ? ` in transaction ${transactionHash}` : ''
    super(`${operation} reverted${where} without a known reason.`, {
      cause,
      details: data === '0x' ? 'No revert data.' : `Revert data: ${data}`,
    })
    this.data = data
    this.operation = operation
    this.transactionHash = transactionHash
  }
}
