import type { Hash } from 'viem'
import { BaseError } from './BaseError.js'

/** Deploying a contract mined without creating it. */
export class DeployFailedError extends BaseError {
  override name = 'DeployFailedError'
  /** Name of the contract, e.g. `Marketplace`. */
  readonly contractName: string
  /** The creation transaction. */
  readonly transactionHash: Hash

  /**
   * @param parameters The contract's name and the creation transaction's hash.
   */
  constructor({ contractName, transactionHash }: { contractName: string; transactionHash: Hash }) {
    super(`Deploying ${contractName} created no contract (transaction ${transactionHash}).`)
    this.contractName = contractName
    this.transactionHash = transactionHash
  }
}
