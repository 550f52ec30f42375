import { allErrorsAbi, LeaseState } from '@hearth/abi'
import { encodeErrorResult, RpcRequestError } from 'viem'
import { describe, expect, it } from 'vitest'
import { BaseError } from './BaseError.js'
import { ContractRevertError } from './ContractRevertError.js'
import { RequestFailedError } from './RequestFailedError.js'
import { decodeRevert, toHearthError } from './toHearthError.js'
import { UnknownRevertError } from './UnknownRevertError.js'

const operation = 'Marketplace.closeLease'

describe('decodeRevert', () => {
  it('decodes a custom error with typed, named arguments', () => {
    const data = encodeErrorResult({
      abi: allErrorsAbi,
      errorName: 'LeaseNotActive',
      args: [7n, LeaseState.Closed],
    })
    const error = decodeRevert(data, { operation })
    expect(error).toBeInstanceOf(ContractRevertError)
    if (!(error instanceof ContractRevertError) || !error.is('LeaseNotActive')) throw error
    const [lease, state] = error.args
    expect(lease).toBe(7n)
    expect(state).toBe(LeaseState.Closed)
    expect(error.namedArgs).toEqual({ lease: 7n, state: LeaseState.Closed })
    expect(error.data).toBe(data)
    expect(error.shortMessage).toBe(
      'Marketplace.closeLease reverted with LeaseNotActive(lease: 7, state: 2).',
    )
    expect(error.is('LeaseNotFound')).toBe(false)
  })

  it('narrows arguments to the error’s ABI types', () => {
    const data = encodeErrorResult({
      abi: allErrorsAbi,
      errorName: 'HardwareBelowMinimum',
      args: [8192, 12_288, 100, 256],
    })
    const error = decodeRevert(data, { operation: 'ProviderRegistry.register' })
    if (!(error instanceof ContractRevertError) || !error.is('HardwareBelowMinimum')) throw error
    const minRamMiB: number = error.namedArgs.minRamMiB
    const args: readonly [number, number, number, number] = error.args
    // @ts-expect-error: HardwareBelowMinimum has no `lease` argument.
    expect(error.namedArgs.lease).toBeUndefined()
    expect([minRamMiB, ...args]).toEqual([12_288, 8192, 12_288, 100, 256])
  })

  it('decodes Solidity’s Error(string) and Panic(uint256)', () => {
    const revert = decodeRevert(
      encodeErrorResult({
        abi: [{ type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] }],
        errorName: 'Error',
        args: ['nope'],
      }),
      { operation },
    )
    expect(revert).toMatchObject({ errorName: 'Error', args: ['nope'], namedArgs: { message: 'nope' } })
    const panic = decodeRevert(
      encodeErrorResult({
        abi: [{ type: 'error', name: 'Panic', inputs: [{ name: 'code', type: 'uint256' }] }],
        errorName: 'Panic',
        args: [0x11n],
      }),
      { operation },
    )
    expect(panic).toMatchObject({ errorName: 'Panic', args: [0x11n] })
  })

  it('keeps unknown revert data as an UnknownRevertError', () => {
    const error = decodeRevert('0xdeadbeef00', { operation, transactionHash: `0x${'1'.repeat(64)}` })
    expect(error).toBeInstanceOf(UnknownRevertError)
    expect(error.data).toBe('0xdeadbeef00')
    expect(error.shortMessage).toContain('without a known reason')
  })
})

describe('toHearthError', () => {
  it('finds revert data in a viem error’s causes', () => {
    const data = encodeErrorResult({ abi: allErrorsAbi, errorName: 'AmountZero' })
    const rpcError = new RpcRequestError({
      body: {},
      url: 'http://127.0.0.1:8545',
      error: { code: 3, message: 'execution reverted', data },
    })
    const error = toHearthError(new BaseWrapper(rpcError), { operation })
    expect(error).toBeInstanceOf(ContractRevertError)
    expect((error as ContractRevertError).errorName).toBe('AmountZero')
    expect(error.cause).toBeInstanceOf(BaseWrapper)
  })

  it('wraps anything else in a RequestFailedError and passes Hearth errors through', () => {
    const cause = new TypeError('fetch failed')
    const error = toHearthError(cause, { operation })
    expect(error).toBeInstanceOf(RequestFailedError)
    expect(error.cause).toBe(cause)
    expect(error.message).toBe('Marketplace.closeLease failed.\n\nDetails: fetch failed')
    expect(toHearthError(error, { operation: 'other' })).toBe(error)
  })
})

/** Stands in for the viem error that wraps the RPC error. */
class BaseWrapper extends Error {
  constructor(cause: unknown) {
    super('Execution reverted', { cause })
  }
}

describe('BaseError', () => {
  it('walks its causes', () => {
    const inner = new TypeError('socket hang up')
    const error = new BaseError('Outer.', { cause: new BaseWrapper(inner) })
    expect(error.walk()).toBe(inner)
    expect(error.walk((e) => e instanceof BaseWrapper)).toBeInstanceOf(BaseWrapper)
    expect(error.walk(() => false)).toBeUndefined()
  })
})
