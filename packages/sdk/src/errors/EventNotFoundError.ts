import type { Hash } from 'viem'
import { BaseError } from './BaseError.js'

/** A mined transaction did not emit the event its result is read from. */
export class EventNotFoundError extends BaseError {
  override name = 'EventNotFoundError'
  /** Name of the missing event, e.g. `LeaseOpened`. */
  readonly eventName: string
  /** The transaction that should have emitted it. */
  readonly transactionHash: Hash

  /**
   * @param parameters The event's name and the transaction's hash.
   */
  constructor({ eventName, transactionHash }: { eventName: string; transactionHash: Hash }) {
    super(`Transaction ${transactionHash} emitted no ${eventName} event.`, {
      details: 'Is the deployment pointing at the right contracts?',
    })
    this.eventName = eventName
    this.transactionHash = transactionHash
  }
}
