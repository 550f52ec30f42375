import { BaseError } from '../errors/BaseError.js'

/** No anvil binary for this platform was found in node_modules. */
export class AnvilNotFoundError extends BaseError {
  override name = 'AnvilNotFoundError'

  /**
   * @param searched The paths looked at.
   */
  constructor(searched: readonly string[]) {
    super(`No anvil binary for ${process.platform}-${process.arch} in node_modules.`, {
      details: 'Install @foundry-rs/anvil (run `node scripts/setup.mjs`), or pass `binary`.',
      metaMessages: searched.map((path) => `searched ${path}`),
    })
  }
}
