import { testStablecoinAbi } from '@hearth/abi'
import { type Account, type Address, type Chain, type Client, encodeFunctionData, type Transport } from 'viem'
import type { HearthDeployment } from '../deployment.js'
import { InvalidParameterError } from '../errors/InvalidParameterError.js'
import type { WriteErrorType } from '../errors/types.js'
import { assertChain } from '../internal/assertChain.js'
import { sendHearthTransaction, type TransactionResult } from '../internal/sendHearthTransaction.js'

/** Parameters of {@link faucet}. */
export type FaucetParameters = {
  deployment: HearthDeployment
  /** Who receives the tUSD; default: the client's account. */
  to?: Address | undefined
  /** tUSD base units (6 decimals), at most the faucet's limit per call (10 000 tUSD). */
  amount: bigint
}

/** What {@link faucet} returns. */
export type FaucetReturnType = TransactionResult

/** What {@link faucet} can throw. */
export type FaucetErrorType = WriteErrorType

/**
 * Mints test stablecoin (tUSD) from its open faucet. Local and test networks only.
 * @param client A client with any account (it pays the gas).
 * @param parameters Recipient and amount.
 * @throws {InvalidParameterError} when the deployment has no test stablecoin.
 * @throws {ContractRevertError} `FaucetLimitExceeded`.
 */
export async function faucet(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: FaucetParameters,
): Promise<FaucetReturnType> {
  const { deployment, to = client.account.address, amount } = parameters
  assertChain(client, deployment)
  const token = deployment.contracts.testStablecoin
  if (token === undefined) throw new InvalidParameterError('deployment', 'it has no test stablecoin')
  return sendHearthTransaction(client, {
    to: token,
    data: encodeFunctionData({ abi: testStablecoinAbi, functionName: 'faucet', args: [to, amount] }),
    operation: 'TestStablecoin.faucet',
  })
}
