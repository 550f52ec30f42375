import { decodeErrorResult, ExecutionRevertedError, type Hash, type Hex, isHex } from 'viem'
import { BaseError } from './BaseError.js'
import { ContractRevertError, revertAbi } from './ContractRevertError.js'
import { RequestFailedError } from './RequestFailedError.js'
import { UnknownRevertError } from './UnknownRevertError.js'

/** Where an error happened, for its message. */
export type ErrorContext = {
  /** What was being done, e.g. `Marketplace.openLease`. */
  operation: string
  /** The mined transaction, when the error comes from one. */
  transactionHash?: Hash | undefined
}

/**
 * Turns anything thrown while talking to the chain into a Hearth error: a revert into a
 * {@link ContractRevertError} (or {@link UnknownRevertError}), anything else into a
 * {@link RequestFailedError} wrapping it. Hearth errors pass through unchanged.
 * @param error What was thrown (usually a viem error).
 * @param context What was being done.
 * @returns The Hearth error to throw.
 */
export function toHearthError(
  error: unknown,
  context: ErrorContext,
): BaseError | ContractRevertError | UnknownRevertError | RequestFailedError {
  if (error instanceof BaseError) return error
  const data = findRevertData(error)
  if (data !== undefined) return decodeRevert(data, { ...context, cause: error })
  if (isExecutionReverted(error)) return new UnknownRevertError({ data: '0x', ...context, cause: error })
  return new RequestFailedError(context.operation, error)
}

/**
 * Decodes revert data through every Hearth contract's errors.
 * @param data The revert data (selector and arguments).
 * @param context What reverted.
 * @returns The decoded error, or an {@link UnknownRevertError} when no known error matches.
 */
export function decodeRevert(
  data: Hex,
  context: ErrorContext & { cause?: unknown },
): ContractRevertError | UnknownRevertError {
  try {
    const decoded = decodeErrorResult({ abi: revertAbi, data })
    return new ContractRevertError({
      errorName: decoded.errorName,
      args: decoded.args,
      parameterNames: decoded.abiItem.inputs.map((input) => input.name),
      data,
      ...context,
    })
  } catch {
    return new UnknownRevertError({ data, ...context })
  }
}

/** The revert data carried somewhere in `error`'s cause chain (viem keeps it on the RPC error). */
function findRevertData(error: unknown): Hex | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 32 && typeof current === 'object' && current !== null; depth++) {
    const data: unknown = (current as { data?: unknown }).data
    if (typeof data === 'string' && isHex(data) && data.length >= 10) return data
    const nested: unknown =
      typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : undefined
    if (typeof nested === 'string' && isHex(nested) && nested.length >= 10) return nested
    const raw: unknown = (current as { raw?: unknown }).raw
    if (typeof raw === 'string' && isHex(raw) && raw.length >= 10) return raw
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Whether `error`'s cause chain says the node reported a revert (with no data to decode). */
function isExecutionReverted(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 32 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof ExecutionRevertedError) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
