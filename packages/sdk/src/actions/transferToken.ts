import {
  type Account,
  type Address,
  type Chain,
  type Client,
  encodeFunctionData,
  erc20Abi,
  type Transport,
} from 'viem'
import type { WriteErrorType } from '../errors/types.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'

/** Parameters of {@link transferToken}. */
export type TransferTokenParameters = {
  /** The ERC-20 (HEAT, tUSD, …). */
  token: Address
  to: Address
  /** In the token's base units. */
  amount: bigint
}

/** What {@link transferToken} returns. */
export type TransferTokenReturnType = TransactionResult

/** What {@link transferToken} can throw. */
export type TransferTokenErrorType = WriteErrorType

/**
 * Sends `amount` of an ERC-20 from the client's account to `to`.
 * @param client A client with the sending account.
 * @param parameters Token, recipient and amount.
 * @throws {ContractRevertError} e.g. `ERC20InsufficientBalance`.
 */
export async function transferToken(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: TransferTokenParameters,
): Promise<TransferTokenReturnType> {
  const { token, to, amount } = parameters
  return sendHearthTransaction(client, {
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
    operation: 'ERC20.transfer',
  })
}
