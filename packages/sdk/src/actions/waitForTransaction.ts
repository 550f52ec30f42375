import type { Chain, Client, Hash, TransactionReceipt, Transport } from 'viem'
import { call, getTransaction, waitForTransactionReceipt } from 'viem/actions'
import { ContractRevertError } from '../errors/ContractRevertError.js'
import { TransactionRevertedError } from '../errors/TransactionRevertedError.js'
import { toHearthError } from '../errors/toHearthError.js'
import type { ReadErrorType } from '../errors/types.js'
import { UnknownRevertError } from '../errors/UnknownRevertError.js'
import { guard } from '../internal/guard.js'

/** Parameters of {@link waitForTransaction}. */
export type WaitForTransactionParameters = {
  /** The transaction's hash. */
  hash: Hash
  /** What the transaction does, for error messages (e.g. `Marketplace.openLease`). */
  operation?: string | undefined
  /** Give up after this long (default: viem's). */
  timeoutMs?: number | undefined
}

/** What {@link waitForTransaction} returns. */
export type WaitForTransactionReturnType = TransactionReceipt

/** What {@link waitForTransaction} can throw. */
export type WaitForTransactionErrorType = ReadErrorType | TransactionRevertedError

/**
 * Waits for a transaction to be mined and returns its receipt; when it reverted, replays it to recover
 * why and throws the decoded revert, so that a transaction sent elsewhere (a browser wallet, another
 * process) fails the same way as one the SDK sent.
 *
 * @param client Any client connected to the chain.
 * @param parameters The transaction's hash.
 * @returns The receipt of the successful transaction.
 * @throws {ContractRevertError} the mined transaction reverted with a known error (`transactionHash` set).
 * @throws {UnknownRevertError} it reverted with unknown data.
 * @throws {TransactionRevertedError} it reverted and replaying it did not tell why.
 */
export async function waitForTransaction(
  client: Client<Transport, Chain | undefined>,
  parameters: WaitForTransactionParameters,
): Promise<WaitForTransactionReturnType> {
  const { hash, operation = 'Transaction', timeoutMs } = parameters
  const receipt = await guard(operation, () =>
    waitForTransactionReceipt(client, timeoutMs === undefined ? { hash } : { hash, timeout: timeoutMs }),
  )
  if (receipt.status === 'success') return receipt

  const transaction = await guard(operation, () => getTransaction(client, { hash }))
  // Replay after the block first (the state an earlier transaction in the block left, which is usually
  // why it failed), then before it (in case a later transaction in the block changed the outcome).
  for (const blockNumber of [receipt.blockNumber, receipt.blockNumber - 1n]) {
    try {
      await call(client, {
        account: transaction.from,
        to: transaction.to,
        data: transaction.input,
        value: transaction.value,
        blockNumber,
      })
    } catch (error) {
      const decoded = toHearthError(error, { operation, transactionHash: hash })
      if (decoded instanceof ContractRevertError || decoded instanceof UnknownRevertError) throw decoded
    }
  }
  throw new TransactionRevertedError({ transactionHash: hash, operation })
}
