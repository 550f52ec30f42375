import { type Address, type Chain, type Client, erc20Abi, type Transport } from 'viem'
import { readContract } from 'viem/actions'
import type { ReadErrorType } from '../errors/types.js'
import { guard } from '../internal/guard.js'

/** Parameters of {@link getTokenBalance}. */
export type GetTokenBalanceParameters = {
  /** The ERC-20 (HEAT, tUSD, a market's payment token). */
  token: Address
  owner: Address
}

/** In the token's base units. */
export type GetTokenBalanceReturnType = bigint

/** What {@link getTokenBalance} can throw. */
export type GetTokenBalanceErrorType = ReadErrorType

/**
 * An account's balance of an ERC-20.
 * @param client Any client on the token's chain.
 * @param parameters Token and owner.
 */
export async function getTokenBalance(
  client: Client<Transport, Chain | undefined>,
  parameters: GetTokenBalanceParameters,
): Promise<GetTokenBalanceReturnType> {
  const { token, owner } = parameters
  return guard('ERC20.balanceOf', () =>
    readContract(client, { abi: erc20Abi, address: token, functionName: 'balanceOf', args: [owner] }),
  )
}
