import { BaseError } from './BaseError.js'

/** A serialized deployment (e.g. `.hearth/devnet.json`) does not have the expected shape. */
export class DeploymentParseError extends BaseError {
  override name = 'DeploymentParseError'

  /**
   * @param issues One line per problem, e.g. `contracts.marketplace: Invalid address`.
   */
  constructor(issues: readonly string[]) {
    super('The Hearth deployment is invalid.', { metaMessages: issues })
  }
}
