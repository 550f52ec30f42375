import { BaseError } from './BaseError.js'

/** No provider can take the job now: none waits in the market, or none bid in an auction. Says which. */
export class NoProviderError extends BaseError {
  override name = 'NoProviderError'

  /** @param reason Where no provider was found, in one line. */
  constructor(reason: string) {
    super(`No provider: ${reason}.`)
  }
}
