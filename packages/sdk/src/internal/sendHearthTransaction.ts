import type { Account, Address, Chain, Client, Hash, Hex, TransactionReceipt, Transport } from 'viem'
import { call, sendTransaction } from 'viem/actions'
import { waitForTransaction } from '../actions/waitForTransaction.js'
import { guard } from './guard.js'

/** What every write action returns besides its decoded result. */
export type TransactionResult = {
  /** The transaction's hash. */
  hash: Hash
  /** Its receipt (status `success`). */
  receipt: TransactionReceipt
}

/** A contract call to send. */
export type HearthTransactionRequest = {
  to: Address
  /** Calldata, from `encodeFunctionData` (typed by the ABI at the call site). */
  data: Hex
  /** What the call does, e.g. `Marketplace.openLease`, for error messages. */
  operation: string
  /** Client for the simulation and the receipt; defaults to the sending client. */
  publicClient?: Client<Transport, Chain | undefined> | undefined
}

/**
 * Simulates a contract call (so that a revert is decoded before anything is signed), sends it, waits
 * for the receipt and, should the mined transaction revert anyway, decodes why.
 * @throws {ContractRevertError} | {UnknownRevertError} | {TransactionRevertedError} | {RequestFailedError}
 */
export async function sendHearthTransaction(
  client: Client<Transport, Chain | undefined, Account>,
  request: HearthTransactionRequest,
): Promise<TransactionResult> {
  const { to, data, operation } = request
  const reader = request.publicClient ?? client
  const account = client.account
  await guard(operation, () => call(reader, { account: account.address, to, data }))
  const hash = await guard(operation, () =>
    sendTransaction(client, { account, chain: client.chain, to, data }),
  )
  const receipt = await waitForTransaction(reader, { hash, operation })
  return { hash, receipt }
}
