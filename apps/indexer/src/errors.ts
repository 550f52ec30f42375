import { BaseError } from '@hearth/sdk'

/** The index database could not be opened or migrated. */
export class DatabaseOpenError extends BaseError {
  override name = 'DatabaseOpenError'

  /**
   * @param location The file or URL (without password).
   * @param cause What failed.
   */
  constructor(location: string, cause: unknown) {
    super(`Cannot open the index database at ${location}.`, { cause })
  }
}

/** The database was filled from another chain or deployment than the one given. */
export class DeploymentMismatchError extends BaseError {
  override name = 'DeploymentMismatchError'

  /**
   * @param stored What the database follows.
   * @param given What the indexer was started with.
   */
  constructor(stored: string, given: string) {
    super(`The index database follows ${stored}, not ${given}: use another database (--db).`)
  }
}

/** The chain replaced more blocks than the indexer keeps hashes of: it cannot undo that far. */
export class ReorgTooDeepError extends BaseError {
  override name = 'ReorgTooDeepError'

  /**
   * @param oldest The oldest block whose hash was kept; it too was replaced.
   * @param depth The reorg depth the indexer was configured with.
   */
  constructor(oldest: number, depth: number) {
    super(
      `The chain reorganized below block ${oldest}, deeper than the ${depth} blocks kept: rebuild the index from an empty database.`,
    )
  }
}

/** A log from the chain could not be decoded with the protocol's ABIs. */
export class LogDecodeError extends BaseError {
  override name = 'LogDecodeError'

  /**
   * @param where Block and log index.
   * @param cause The decoder's error.
   */
  constructor(where: string, cause: unknown) {
    super(`Cannot decode the log at ${where}.`, { cause })
  }
}
