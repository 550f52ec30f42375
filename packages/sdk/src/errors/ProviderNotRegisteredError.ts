import type { Address } from 'viem'
import { BaseError } from './BaseError.js'

/** The address has no provider record (or no endpoint) in the provider registry. */
export class ProviderNotRegisteredError extends BaseError {
  override name = 'ProviderNotRegisteredError'
  readonly provider: Address

  /**
   * @param provider The address looked up.
   * @param reason Why it cannot be used, default: not registered.
   */
  constructor(provider: Address, reason = 'is not a registered provider') {
    super(`${provider} ${reason}.`)
    this.provider = provider
  }
}
