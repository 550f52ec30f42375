import { BaseError } from './BaseError.js'

/**
 * A lease's results do not check out: a file's bytes do not hash to what the manifest says, or the
 * manifest's root is not the result hash the provider recorded on chain. Nothing the provider says can
 * make results pass that do not match the chain.
 */
export class ResultsMismatchError extends BaseError {
  override name = 'ResultsMismatchError'
  /** What did not match: a file, the manifest's root against its files, or the root against the chain. */
  readonly kind: 'file' | 'manifest' | 'chain'
  /** The result file, for `kind: 'file'`. */
  readonly path: string | undefined
  /** The hash that should have been there. */
  readonly expected: string
  /** The hash that was there. */
  readonly actual: string

  /**
   * @param parameters What did not match, and both hashes.
   */
  constructor(parameters: {
    lease: bigint
    kind: 'file' | 'manifest' | 'chain'
    path?: string | undefined
    expected: string
    actual: string
  }) {
    const { lease, kind, path, expected, actual } = parameters
    const what =
      kind === 'file'
        ? `result file ${JSON.stringify(path)} of lease ${lease} has sha256 ${actual}, but the manifest says ${expected}`
        : kind === 'manifest'
          ? `the result manifest of lease ${lease} hashes to ${actual}, not to the root ${expected} it claims`
          : `the results of lease ${lease} hash to ${actual}, but the provider recorded ${expected} on chain`
    super(`Results do not match: ${what}.`)
    this.kind = kind
    this.path = path
    this.expected = expected
    this.actual = actual
  }
}
