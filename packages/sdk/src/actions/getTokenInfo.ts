import type { Address, Chain, Client, Transport } from 'viem'
import type { ReadErrorType } from '../errors/types.js'
import { readTokenInfo } from '../internal/readTokenInfo.js'

/** Parameters of {@link getTokenInfo}. */
export type GetTokenInfoParameters = {
  token: Address
}

/** An ERC-20's address, symbol and decimals. */
export type GetTokenInfoReturnType = { address: Address; symbol: string; decimals: number }

/** What {@link getTokenInfo} can throw. */
export type GetTokenInfoErrorType = ReadErrorType

/**
 * An ERC-20's symbol and decimals, to show amounts in whole units.
 * @param client Any client on the token's chain.
 * @param parameters The token.
 */
export async function getTokenInfo(
  client: Client<Transport, Chain | undefined>,
  parameters: GetTokenInfoParameters,
): Promise<GetTokenInfoReturnType> {
  return readTokenInfo(client, parameters.token)
}
