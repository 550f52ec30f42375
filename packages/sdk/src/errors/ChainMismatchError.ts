import { BaseError } from './BaseError.js'

/** The client is connected to a different chain than the deployment it was given. */
export class ChainMismatchError extends BaseError {
  override name = 'ChainMismatchError'
  /** Chain id of the deployment. */
  readonly expectedChainId: number
  /** Chain id of the client. */
  readonly chainId: number

  /**
   * @param parameters The deployment's chain id and the client's.
   */
  constructor({ expectedChainId, chainId }: { expectedChainId: number; chainId: number }) {
    super(`The client is on chain ${chainId}, but the Hearth deployment is on chain ${expectedChainId}.`)
    this.expectedChainId = expectedChainId
    this.chainId = chainId
  }
}
