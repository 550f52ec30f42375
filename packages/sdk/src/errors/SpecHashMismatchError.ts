import type { Hex } from 'viem'
import { ProviderApiError } from './ProviderApiError.js'

/**
 * The provider refused a spec (`422 spec_hash_mismatch`): its hash is not the one the lease was opened
 * with on chain. `expected` is the lease's spec hash, `actual` the hash of what was sent.
 */
export class SpecHashMismatchError extends ProviderApiError {
  override name = 'SpecHashMismatchError'
  /** The spec hash the lease committed to on chain. */
  readonly expected: Hex
  /** The hash of the spec that was sent. */
  readonly actual: Hex

  /**
   * @param parameters The endpoint, the provider's message and both hashes.
   */
  constructor(parameters: { endpoint: string; message: string; expected: Hex; actual: Hex }) {
    super({
      endpoint: parameters.endpoint,
      status: 422,
      code: 'spec_hash_mismatch',
      message: `The spec's hash ${parameters.actual} is not the lease's spec hash ${parameters.expected}.`,
      details: { expected: parameters.expected, actual: parameters.actual },
    })
    this.expected = parameters.expected
    this.actual = parameters.actual
  }
}
