import { allErrorsAbi } from '@hearth/abi'
import type { AbiParameterToPrimitiveType, ContractErrorArgs, ContractErrorName, Hash, Hex } from 'viem'
import { BaseError } from './BaseError.js'

/** Solidity's built-in reverts: `require(cond, "message")` and panics (overflow, assert, …). */
const solidityBuiltinErrors = [
  { type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] },
  { type: 'error', name: 'Panic', inputs: [{ name: 'code', type: 'uint256' }] },
] as const

/** Every error a Hearth contract can revert with: the generated `allErrorsAbi` plus Solidity's built-ins. */
export const revertAbi = [...allErrorsAbi, ...solidityBuiltinErrors] as const

/** Name of an error a Hearth contract can revert with, e.g. `'LeaseNotActive'`. */
export type HearthErrorName = ContractErrorName<typeof revertAbi>

/** The decoded arguments of error `errorName`, in order, typed from the ABI. */
export type HearthErrorArgs<errorName extends HearthErrorName = HearthErrorName> = ContractErrorArgs<
  typeof revertAbi,
  errorName
>

type ErrorAbiItem<errorName extends HearthErrorName> = Extract<
  (typeof revertAbi)[number],
  { name: errorName }
>

/**
 * The decoded arguments of error `errorName` by parameter name, typed from the ABI (a union of one
 * object type per error when `errorName` is a union).
 */
export type HearthErrorNamedArgs<errorName extends HearthErrorName = HearthErrorName> =
  errorName extends HearthErrorName
    ? {
        [parameter in ErrorAbiItem<errorName>['inputs'][number] as parameter['name']]: AbiParameterToPrimitiveType<parameter>
      }
    : never

/** What {@link ContractRevertError}'s constructor takes. */
export type ContractRevertErrorParameters<errorName extends HearthErrorName> = {
  errorName: errorName
  args: HearthErrorArgs<errorName>
  /** Parameter names of the error, in order (from its ABI item). */
  parameterNames: readonly string[]
  /** The raw revert data. */
  data: Hex
  /** What reverted, e.g. `Marketplace.openLease`. */
  operation: string
  /** Set when the revert happened in a mined transaction rather than a simulation. */
  transactionHash?: Hash | undefined
  cause?: unknown
}

/**
 * A Hearth contract reverted with a custom error (or `Error(string)` / `Panic(uint256)`), decoded
 * through the ABI: `errorName` is the Solidity error's name and `args` / `namedArgs` its arguments,
 * typed from the ABI once narrowed with {@link ContractRevertError.is}:
 *
 * ```ts
 * if (error instanceof ContractRevertError && error.is('HardwareBelowMinimum')) {
 *   error.namedArgs.minRamMiB // number
 * }
 * ```
 */
export class ContractRevertError<errorName extends HearthErrorName = HearthErrorName> extends BaseError {
  override name = 'ContractRevertError'
  /** The Solidity error's name, e.g. `LeaseNotActive`. */
  readonly errorName: errorName
  /** Its arguments, in order. */
  readonly args: HearthErrorArgs<errorName>
  /** Its arguments by parameter name. */
  readonly namedArgs: HearthErrorNamedArgs<errorName>
  /** The raw revert data. */
  readonly data: Hex
  /** What reverted, e.g. `Marketplace.openLease`. */
  readonly operation: string
  /** The mined transaction that reverted; undefined when the revert was caught before sending. */
  readonly transactionHash: Hash | undefined

  /**
   * @param parameters The decoded error and where it came from.
   */
  constructor(parameters: ContractRevertErrorParameters<errorName>) {
    const { errorName, args, parameterNames, data, operation, transactionHash, cause } = parameters
    const values: readonly unknown[] = Array.isArray(args) ? args : []
    const named = Object.fromEntries(values.map((value, i) => [parameterNames[i] || `arg${i}`, value]))
    const shown = Object.entries(named)
      .map(([key, value]) => `${key}: ${formatValue(value)}`)
      .join(', ')
    const where = transactionHash ? ` in transaction ${transactionHash}` : ''
    super(`${operation} reverted with ${errorName}(${shown})${where}.`, { cause, details: '' })
    this.errorName = errorName
    this.args = args
    this.namedArgs = named as HearthErrorNamedArgs<errorName>
    this.data = data
    this.operation = operation
    this.transactionHash = transactionHash
  }

  /**
   * Whether this is the Solidity error `errorName`; narrows `args` and `namedArgs` to its types.
   * @param errorName The Solidity error's name, e.g. `'LeaseNotActive'`.
   */
  is<name extends HearthErrorName>(errorName: name): this is ContractRevertError<name> {
    return (this.errorName as HearthErrorName) === errorName
  }
}

/** Formats a decoded argument for a message: bigints as decimals, strings quoted, arrays bracketed. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return value.startsWith('0x') ? value : JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}: ${formatValue(inner)}`)
      .join(', ')}}`
  }
  return String(value)
}
