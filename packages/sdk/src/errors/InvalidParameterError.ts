import { BaseError } from './BaseError.js'

/** A parameter given to an SDK function is invalid; nothing was sent. */
export class InvalidParameterError extends BaseError {
  override name = 'InvalidParameterError'
  /** Name of the offending parameter. */
  readonly parameter: string

  /**
   * @param parameter Name of the offending parameter.
   * @param reason What is wrong with it.
   */
  constructor(parameter: string, reason: string) {
    super(`Invalid ${parameter}: ${reason}.`)
    this.parameter = parameter
  }
}
