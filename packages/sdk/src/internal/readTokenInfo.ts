import { type Address, type Chain, type Client, erc20Abi, type Transport } from 'viem'
import { readContract } from 'viem/actions'
import { guard } from './guard.js'

/** An ERC-20's symbol and decimals. */
export async function readTokenInfo(
  client: Client<Transport, Chain | undefined>,
  address: Address,
): Promise<{ address: Address; symbol: string; decimals: number }> {
  const [symbol, decimals] = await guard('ERC20.symbol', () =>
    Promise.all([
      readContract(client, { abi: erc20Abi, address, functionName: 'symbol' }),
      readContract(client, { abi: erc20Abi, address, functionName: 'decimals' }),
    ]),
  )
  return { address, symbol, decimals }
}
