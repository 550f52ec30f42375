import { BaseError } from './BaseError.js'

/** No market trades what a job spec asks for (GPU model, class, count, VRAM or price): says why. */
export class NoMarketError extends BaseError {
  override name = 'NoMarketError'

  /** @param reason What the spec asks and what the markets offer, in one line. */
  constructor(reason: string) {
    super(`No market for this spec: ${reason}.`)
  }
}
