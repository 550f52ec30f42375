import { BaseError } from '@hearth/runtime'

/** A benchmark parameter is out of range (`n`, `seed`, `repetitions`, `rounds`). */
export class InvalidBenchmarkParameterError extends BaseError {
  override name = 'InvalidBenchmarkParameterError'
  constructor(
    /** The offending parameter. */
    readonly parameter: string,
    reason: string,
  ) {
    super(`Invalid benchmark parameter: ${parameter} ${reason}.`)
  }
}

/** The benchmark job wrote no usable output: a file is missing, has the wrong size or is malformed. */
export class BenchmarkOutputError extends BaseError {
  override name = 'BenchmarkOutputError'
}

/** The benchmark job did not finish: it exited non-zero, ran out of memory, timed out or was killed. */
export class BenchmarkFailedError extends BaseError {
  override name = 'BenchmarkFailedError'
}

/** The benchmark's product is wrong (Freivalds' check failed), or its reported figures cannot be true. */
export class BenchmarkVerificationError extends BaseError {
  override name = 'BenchmarkVerificationError'
  /** The largest relative row error seen (see `verifyProduct`), when the product was checked. */
  readonly maxRelativeError: number | undefined

  constructor(shortMessage: string, parameters: { details?: string; maxRelativeError?: number } = {}) {
    super(shortMessage, { details: parameters.details })
    this.maxRelativeError = parameters.maxRelativeError
  }
}
