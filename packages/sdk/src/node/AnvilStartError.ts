import { BaseError } from '../errors/BaseError.js'

/** Anvil could not be started, exited early, or did not answer in time. */
export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError'

  /**
   * @param reason What went wrong, e.g. `exited with code 1`.
   * @param parameters The last lines anvil printed, and the underlying error.
   */
  constructor(reason: string, parameters: { output?: readonly string[]; cause?: unknown } = {}) {
    const output = parameters.output ?? []
    super(`Anvil failed to start: ${reason}.`, {
      cause: parameters.cause,
      metaMessages: output.length > 0 ? ['Anvil said:', ...output.map((line) => `  ${line}`)] : undefined,
    })
  }
}
