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
    // Anvil reports a failure as one `Error: …` line (e.g. `Error: Address already in use (os error 98)`).
    const said = output.findLast((line) => /^error:/i.test(line.trim()))?.trim()
    super(`Anvil failed to start: ${reason}${said ? ` (${said})` : ''}.`, {
      cause: parameters.cause,
      metaMessages: output.length > 0 ? ['Anvil said:', ...output.map((line) => `  ${line}`)] : undefined,
    })
  }
}
