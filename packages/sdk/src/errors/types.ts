import type { ChainMismatchError } from './ChainMismatchError.js'
import type { ContractRevertError } from './ContractRevertError.js'
import type { EventNotFoundError } from './EventNotFoundError.js'
import type { InvalidParameterError } from './InvalidParameterError.js'
import type { RequestFailedError } from './RequestFailedError.js'
import type { TransactionRevertedError } from './TransactionRevertedError.js'
import type { UnknownRevertError } from './UnknownRevertError.js'

/** What a read action can throw. */
export type ReadErrorType = ContractRevertError | UnknownRevertError | RequestFailedError | ChainMismatchError

/** What a write action can throw: a revert before sending or in the mined transaction, and more. */
export type WriteErrorType =
  | ReadErrorType
  | TransactionRevertedError
  | EventNotFoundError
  | InvalidParameterError
